import { del, post } from './api.js';
import { confirmThen } from './confirm-dialog.js';
import { listAll } from './listing.js';
import type { Job, Project } from './wire.js';

export const CANCELLABLE: ReadonlySet<string> = new Set(['PENDING', 'QUEUED', 'RUNNING']);
export const RETRYABLE: ReadonlySet<string> = new Set(['FAILED', 'BLOCKED', 'CANCELLED']);

export const cancelJob = (job: Pick<Job, 'id' | 'name'>, after: () => void): Promise<void> =>
  confirmThen(`Cancel job #${job.id} "${job.name}"? Jobs that depend on it become BLOCKED.`, 'Cancel job', async () => {
    const cancelled = await post<Job>(`/jobs/${job.id}/cancel`);
    return `Job #${job.id} is ${cancelled.status}.`;
  }, after);

export const retryJob = (job: Pick<Job, 'id' | 'name'>, after: () => void): Promise<void> =>
  confirmThen(`Retry job #${job.id} "${job.name}"? It goes back to PENDING, and so do the jobs it blocked.`, 'Retry job', async () => {
    const retried = await post<Job>(`/jobs/${job.id}/retry`);
    return `Job #${job.id} is ${retried.status}.`;
  }, after);

export const retryFailedJobsOfTask = (projectId: number, task: { id: number; name: string }, failed: number, after: () => void): Promise<void> =>
  confirmThen(`Retry the ${failed} FAILED job(s) of task "${task.name}"?`, 'Retry all', async () => {
    const jobs = await listAll<Job>(`/jobs?project_id=${projectId}&task_id=${task.id}&status=FAILED`);
    let retried = 0;
    const refused: string[] = [];
    for (const job of jobs) {
      try {
        await post(`/jobs/${job.id}/retry`);
        retried++;
      } catch (error) {
        // A job may have changed since the listing (retried elsewhere): report it, go on with the rest.
        refused.push(`#${job.id}: ${(error as Error).message}`);
      }
    }
    return `Retried ${retried} job(s) of task "${task.name}".${refused.length > 0 ? ` Refused: ${refused.join('; ')}` : ''}`;
  }, after);

export const clearPendingQueue = (project: Project, pending: number, after: () => void): Promise<void> =>
  confirmThen(`Delete the ${pending} PENDING job(s) of project "${project.name}"? This cannot be undone.`, 'Clear queue', async () => {
    const { deleted } = await del<{ deleted: number }>(`/projects/${project.id}/queue`);
    return `Deleted ${deleted} pending job(s).`;
  }, after);
