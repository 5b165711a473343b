import type { Job } from '../../domain/job.js';
import { reevaluateDependents } from '../../domain/dependents.js';
import { blockedReason } from '../../domain/job-transitions.js';
import type { StoreTransaction } from '../ports/store.port.js';

const stops = (status: Job['status']): boolean => status === 'FAILED' || status === 'CANCELLED';

/**
 * Saves a job's transition and carries its consequences through the DAG: a completion satisfies
 * its dependents, a failure or cancellation blocks them all, a retry unblocks what it can.
 */
export const saveTransition = async (tx: StoreTransaction, before: Job, after: Job, now: Date): Promise<void> => {
  await tx.jobs.update(after);
  if (after.status === before.status) return;
  if (after.status === 'COMPLETED') {
    await tx.jobs.satisfyDependents(after.id, now);
  } else if ((stops(before.status) || before.status === 'BLOCKED') && (after.status === 'PENDING' || after.status === 'BLOCKED')) {
    await reevaluate(tx, after, now);
  } else if (stops(after.status) || after.status === 'BLOCKED') {
    const root = after.status === 'BLOCKED' ? (after.blockedBy ?? after.id) : after.id;
    await tx.jobs.blockDependents([after.id], root, blockedReason(root), now);
  }
};

/** Recompute the blocked transitive dependents of a job that came back (retry, unblock). */
const reevaluate = async (tx: StoreTransaction, job: Job, now: Date): Promise<void> => {
  const dependents = await tx.jobs.transitiveDependents(job.id);
  if (dependents.length === 0) return;
  const inside = new Set([job.id, ...dependents.map((d) => d.id)]);
  const outsideIds = [...new Set(dependents.flatMap((d) => d.dependencies).filter((id) => !inside.has(id)))];
  const outside = new Map((await tx.jobs.getMany(outsideIds)).map((d) => [d.id, d]));
  await tx.jobs.updateMany(reevaluateDependents(job, dependents, outside, now));
};

/**
 * Deletes jobs without stranding anything: a PENDING job that waited on one of them can no longer
 * run as submitted, so it (and what waits on it) becomes BLOCKED with the reason.
 */
export const deleteJobs = async (tx: StoreTransaction, ids: readonly number[], reason: string, now: Date): Promise<void> => {
  if (ids.length === 0) return;
  const orphans = await tx.jobs.directDependentsOutside(ids);
  if (orphans.length > 0) await tx.jobs.blockDependents(ids, ids.reduce((a, b) => Math.min(a, b)), reason, now);
  await tx.jobs.delete(ids);
};
