import type { StatusCounts } from '../../../application/ports/queue.port.js';
import type { Job } from '../../../domain/job.js';

/** Whether the two versions of a job count in the same place. */
const sameCount = (a: Job, b: Job): boolean => a.projectId === b.projectId && a.taskId === b.taskId && a.status === b.status;

/**
 * How many jobs each project holds per task and status, kept as jobs are saved and removed (as
 * job_counts is on the SQL stores), so that a project's stats cost its tasks, not its jobs.
 */
export class JobCounts {
  /** By project, then by `taskId:status`. */
  private readonly byProject = new Map<number, Map<string, StatusCounts>>();

  update(previous: Job | undefined, next: Job | undefined): void {
    if (previous !== undefined && next !== undefined && sameCount(previous, next)) return;
    if (previous !== undefined) this.add(previous, -1);
    if (next !== undefined) this.add(next, 1);
  }

  /** By task id, then status. */
  of(projectId: number): StatusCounts[] {
    const counts = [...(this.byProject.get(projectId)?.values() ?? [])];
    return counts.sort((a, b) => a.taskId - b.taskId || (a.status < b.status ? -1 : a.status > b.status ? 1 : 0));
  }

  /** Every project's counts, by project id, then as `of` orders them. */
  all(): { readonly projectId: number; readonly counts: StatusCounts[] }[] {
    return [...this.byProject.keys()].sort((a, b) => a - b).map((projectId) => ({ projectId, counts: this.of(projectId) }));
  }

  private add(job: Job, delta: number): void {
    const counts = this.byProject.get(job.projectId) ?? new Map<string, StatusCounts>();
    this.byProject.set(job.projectId, counts);
    const key = `${job.taskId}:${job.status}`;
    const count = (counts.get(key)?.count ?? 0) + delta;
    if (count === 0) counts.delete(key);
    else counts.set(key, { taskId: job.taskId, status: job.status, count });
    if (counts.size === 0) this.byProject.delete(job.projectId);
  }
}
