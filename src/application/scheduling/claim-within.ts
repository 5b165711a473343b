import type { ClaimRequest } from '../ports/queue.port.js';
import type { ClaimedJobs, StoreTransaction } from '../ports/store.port.js';
import type { Task } from '../../domain/task.js';

/** `Store.claim`'s answer, claimed inside the caller's transaction: the jobs, each with its task. */
export const claimWithin = async (tx: StoreTransaction, request: ClaimRequest, limit: number, countPending: boolean): Promise<ClaimedJobs> => {
  const jobs = await tx.queue.claim(request, limit);
  const pending = countPending ? (await tx.queue.countPending(request.projectId)) + jobs.length : null;
  const taskIds = [...new Set(jobs.map((job) => job.taskId))];
  const tasks = new Map<number, Task>((await tx.tasks.getMany(taskIds)).map((task) => [task.id, task]));
  const missing = taskIds.find((taskId) => !tasks.has(taskId));
  if (missing !== undefined) throw new Error(`job(s) refer to task ${missing}, which does not exist`);
  const projectFound = jobs.length > 0 || (await tx.projects.get(request.projectId)) !== null;
  return { claimed: jobs.map((job) => ({ job, task: tasks.get(job.taskId)! })), pending, projectFound };
};
