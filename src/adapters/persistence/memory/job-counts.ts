import type { StatusCounts } from '../../../application/ports/queue.port.js';
import type { Job } from '../../../domain/job.js';
import type { JobStatus } from '../../../domain/job-status.js';

/**
 * How many jobs each project holds per task and status, kept as jobs are saved and removed (as
 * job_counts is on the SQL stores), so that a project's stats cost its tasks, not its jobs.
 */
export class JobCounts {
  private readonly byProject = new Map<number, Map<string, { taskId: number; status: JobStatus; count: number }>>();

  update(previous: Job | undefined, next: Job | undefined): void {
    if (previous !== undefined && next !== undefined && previous.projectId === next.projectId && previous.taskId === next.taskId && previous.status === next.status) return;
    if (previous !== undefined) this.add(previous, -1);
    if (next !== undefined) this.add(next, 1);
  }

  /** By task id, then status. */
  of(projectId: number): StatusCounts[] {
    const counts = [...(this.byProject.get(projectId)?.values() ?? [])].map(({ taskId, status, count }) => ({ taskId, status, count }));
    return counts.sort((a, b) => a.taskId - b.taskId || (a.status < b.status ? -1 : a.status > b.status ? 1 : 0));
  }

  private add(job: Job, delta: number): void {
    const counts = this.byProject.get(job.projectId) ?? new Map<string, { taskId: number; status: JobStatus; count: number }>();
    this.byProject.set(job.projectId, counts);
    const key = `${job.taskId}:${job.status}`;
    const entry = counts.get(key) ?? { taskId: job.taskId, status: job.status, count: 0 };
    entry.count += delta;
    if (entry.count === 0) counts.delete(key);
    else counts.set(key, entry);
    if (counts.size === 0) this.byProject.delete(job.projectId);
  }
}
