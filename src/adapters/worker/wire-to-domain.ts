import { isJobStatus, type JobStatus } from '../../domain/job-status.js';
import type { Job } from '../../domain/job.js';
import type { Requirements } from '../../domain/resources.js';
import type { ClaimedJob } from '../../application/ports/job-source.port.js';
import type { JobView } from '../client/whatsnext-client.js';
import type { TaskWire } from '../client/wire.codecs.js';

const date = (text: string | null | undefined): Date | null => (text ? new Date(text) : null);

export const requirementsOf = (task: TaskWire): Requirements => ({
  cpu: task.required_cpu,
  accelerators: task.required_accelerators,
  memoryMb: task.required_memory_mb ?? 0,
});

/** A claim as the server answers it: the parameters stay the exact text the server sent. */
export const claimedJobOf = (job: JobView, task: TaskWire): ClaimedJob => {
  const requirements = requirementsOf(task);
  return {
    job: { id: job.id, name: job.name, projectId: job.project_id, taskId: job.task_id, parameters: job.parametersText, priority: job.priority, requirements },
    task: { id: task.id, name: task.name, commandTemplate: task.command_template, requirements, timeoutSeconds: task.timeout_seconds ?? null },
  };
};

/** A job as a report's answer carries it; the wire has no requirements, so the claim's are kept. */
export const jobOf = (job: JobView, requirements: Requirements): Job => {
  const status: JobStatus = isJobStatus(job.status.toUpperCase()) ? (job.status.toUpperCase() as JobStatus) : 'PENDING';
  return {
    id: job.id,
    projectId: job.project_id,
    taskId: job.task_id,
    name: job.name,
    parameters: job.parametersText,
    priority: job.priority,
    status,
    dependencies: Object.keys(job.depends).map(Number),
    unmetDependencies: job.unmet_dependencies ?? 0,
    requirements,
    attempts: job.attempts ?? 0,
    maxAttempts: job.max_attempts ?? 1,
    lease: job.lease_owner === undefined && job.lease_expires_at === undefined ? null : { owner: job.lease_owner ?? null, expiresAt: date(job.lease_expires_at) },
    exitCode: job.exit_code ?? null,
    failureReason: job.failure_reason ?? null,
    blockedBy: job.blocked_by ?? null,
    createdAt: new Date(job.created_at),
    updatedAt: new Date(job.updated_at),
    startedAt: date(job.started_at),
    finishedAt: date(job.finished_at),
  };
};
