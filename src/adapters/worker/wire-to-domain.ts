import { isJobStatus, type JobStatus } from '../../domain/job-status.js';
import type { Requirements } from '../../domain/resources.js';
import type { ClaimedJob } from '../../application/ports/job-source.port.js';
import type { JobView } from '../client/whatsnext-client.js';
import type { TaskWire } from '../client/wire.codecs.js';

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

/** A job status as the wire spells it (the original server sends lower case at times). */
export const statusOf = (wire: string): JobStatus => {
  const status = wire.toUpperCase();
  if (!isJobStatus(status)) throw new Error(`the server answered an unknown job status '${wire}'`);
  return status;
};
