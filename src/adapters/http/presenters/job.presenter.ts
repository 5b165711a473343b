import type { Job } from '../../../domain/job.js';
import { RawJson } from '../../json/raw-json-response.js';
import type { ClaimedJobAnswer, JobAnswer } from '../answers/jobs.answers.js';
import { iso } from './timestamps.js';

export type JobNames = ReadonlyMap<number, string>;

/** `depends` as the original: `{"<job id>": "<job name>"}`. */
const depends = (job: Job, names: JobNames): Record<string, string> =>
  Object.fromEntries(job.dependencies.map((id) => [String(id), names.get(id) ?? '']));

/**
 * The job as `fetch_job` hands it out: exactly the keys the Python client's `Job(**job)` accepts.
 */
export const presentClaimedJob = (job: Job, taskName: string, names: JobNames): ClaimedJobAnswer => ({
  id: job.id,
  name: job.name,
  project_id: job.projectId,
  task_id: job.taskId,
  task_name: taskName,
  parameters: new RawJson(job.parameters),
  priority: job.priority,
  status: job.status,
  depends: depends(job, names),
  created_at: iso(job.createdAt),
  updated_at: iso(job.updatedAt),
});

/** The job everywhere else: the original's keys plus status, priority, depends and the run's details. */
export const presentJob = (job: Job, names: JobNames): JobAnswer => ({
  id: job.id,
  name: job.name,
  project_id: job.projectId,
  task_id: job.taskId,
  parameters: new RawJson(job.parameters),
  status: job.status,
  priority: job.priority,
  depends: depends(job, names),
  created_at: iso(job.createdAt),
  updated_at: iso(job.updatedAt),
  unmet_dependencies: job.unmetDependencies,
  attempts: job.attempts,
  max_attempts: job.maxAttempts,
  exit_code: job.exitCode,
  failure_reason: job.failureReason,
  blocked_by: job.blockedBy,
  lease_owner: job.lease?.owner ?? null,
  lease_expires_at: iso(job.lease?.expiresAt ?? null),
  started_at: iso(job.startedAt),
  finished_at: iso(job.finishedAt),
});
