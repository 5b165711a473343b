import * as E from 'fp-ts/lib/Either.js';
import type { ClaimRequest } from '../../application/ports/queue.port.js';
import type { ClaimedJobs, Store, StoreTransaction } from '../../application/ports/store.port.js';
import type { Task } from '../../domain/task.js';

const claimWithin = async (tx: StoreTransaction, request: ClaimRequest, limit: number, countPending: boolean): Promise<ClaimedJobs> => {
  const jobs = await tx.queue.claim(request, limit);
  const pending = countPending ? (await tx.queue.countPending(request.projectId)) + jobs.length : null;
  const taskIds = [...new Set(jobs.map((job) => job.taskId))];
  const tasks = new Map<number, Task>((await tx.tasks.getMany(taskIds)).map((task) => [task.id, task]));
  const missing = taskIds.find((taskId) => !tasks.has(taskId));
  if (missing !== undefined) throw new Error(`job(s) refer to task ${missing}, which does not exist`);
  const projectFound = jobs.length > 0 || (await tx.projects.get(request.projectId)) !== null;
  return { claimed: jobs.map((job) => ({ job, task: tasks.get(job.taskId)! })), pending, projectFound };
};

/**
 * `Store.claim` as a transaction of the store's own: for stores (and claims) that cannot do it in
 * one statement.
 */
export const claimInTransaction = async (
  store: Pick<Store, 'transaction'>,
  request: ClaimRequest,
  limit: number,
  countPending: boolean,
): Promise<ClaimedJobs> => {
  const claimed = await store.transaction<never, ClaimedJobs>(async (tx) => E.right(await claimWithin(tx, request, limit, countPending)));
  // The work never answers Left.
  return E.isRight(claimed) ? claimed.right : claimed.left;
};
