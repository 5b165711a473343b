import type { Job } from '../../domain/job.js';
import { reevaluateDependents } from '../../domain/dependents.js';
import * as E from 'fp-ts/lib/Either.js';
import { blockedReason, orphan } from '../../domain/job-transitions.js';
import type { StoreTransaction } from '../ports/store.port.js';

const stops = (status: Job['status']): boolean => status === 'FAILED' || status === 'CANCELLED';

/**
 * Saves a job's transition and carries its consequences through the DAG: a completion satisfies
 * its dependents (and removes the job if its retention is `remove_on_complete`), a failure or cancellation blocks them all, a retry unblocks what it can.
 */
export const saveTransition = async (tx: StoreTransaction, before: Job, after: Job, now: Date): Promise<void> => {
  await tx.jobs.update(after);
  if (after.status === before.status) return;
  if (after.status === 'COMPLETED') {
    await tx.jobs.satisfyDependents([after.id], now);
    await tx.jobs.removeOnComplete([after.id]);
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
  const outside = new Map((await tx.jobs.getManyForShare(outsideIds)).map((d) => [d.id, d]));
  const blockers = [...new Set(dependents.flatMap((d) => (d.blockedBy !== null && !inside.has(d.blockedBy) ? [d.blockedBy] : [])))];
  const existing = new Set((await tx.jobs.getMany(blockers)).map((b) => b.id));
  const gone = new Set(blockers.filter((id) => !existing.has(id)));
  await tx.jobs.updateMany(reevaluateDependents(job, dependents, outside, now, gone));
};

/**
 * Deletes jobs without stranding anything: a job that still waited on one of them (it had not
 * COMPLETED) can no longer run as submitted, so it becomes BLOCKED with the reason, and so does
 * everything waiting on it. Jobs that depended on a COMPLETED job lose nothing.
 */
export const deleteJobs = async (tx: StoreTransaction, ids: readonly number[], now: Date, circumstance = ''): Promise<void> => {
  if (ids.length === 0) return;
  const orphanIds = await tx.jobs.directDependentsOutside(ids);
  if (orphanIds.length > 0) {
    const unfinished = new Set((await tx.jobs.getMany(ids)).filter((job) => job.status !== 'COMPLETED').map((job) => job.id));
    const orphaned: Job[] = [];
    for (const dependent of await tx.jobs.getMany(orphanIds)) {
      const lost = dependent.dependencies.find((d) => unfinished.has(d));
      if (lost === undefined) continue;
      const next = orphan(dependent, lost, now, circumstance);
      if (E.isRight(next)) orphaned.push(next.right);
    }
    await tx.jobs.updateMany(orphaned);
    // What waits on the orphans is blocked by the same deleted job: one statement per deleted job.
    const byLost = new Map<number, Job[]>();
    for (const job of orphaned) byLost.set(job.blockedBy!, [...(byLost.get(job.blockedBy!) ?? []), job]);
    for (const [lost, jobs] of byLost) await tx.jobs.blockDependents(jobs.map((job) => job.id), lost, jobs[0]!.failureReason!, now);
  }
  await tx.jobs.delete(ids);
};
