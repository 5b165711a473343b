import * as E from 'fp-ts/lib/Either.js';
import { cycleDetected, type CycleDetected } from './errors.js';
import { dependencyOrder } from './graph.js';
import type { Job } from './job.js';
import { readiness, unblock } from './job-transitions.js';

type Node = Pick<Job, 'id' | 'status' | 'blockedBy' | 'dependencies'>;

/**
 * After `retried` went back to PENDING, walk its transitive dependents in dependency order and
 * unblock each BLOCKED one whose dependencies no longer hold it back; a job still held by another
 * failure (or by a deleted dependency) stays BLOCKED with that recorded. Returns only the jobs
 * that changed.
 */
export const reevaluateDependents = (
  retried: Job,
  dependents: readonly Job[],
  outside: ReadonlyMap<number, Pick<Job, 'id' | 'status' | 'blockedBy'>>,
  now: Date,
  /** Blockers that no longer exist (deleted jobs): what they block stays BLOCKED until retried itself. */
  goneBlockers: ReadonlySet<number> = new Set(),
): Job[] => {
  const current = new Map<number, Node>([[retried.id, retried]]);
  for (const job of dependents) current.set(job.id, job);
  const byId = new Map(dependents.map((job) => [job.id, job]));
  const changed: Job[] = [];
  for (const id of dependencyOrder(
    dependents.map((job) => job.id),
    (id) => byId.get(id)!.dependencies,
  )) {
    const job = byId.get(id)!;
    if (job.status !== 'BLOCKED' || (job.blockedBy !== null && goneBlockers.has(job.blockedBy))) continue;
    const deps = job.dependencies.map((d) => current.get(d) ?? outside.get(d)).filter((d) => d !== undefined);
    const next = unblock(job, readiness(deps), now);
    if (E.isRight(next) && (next.right.status !== job.status || next.right.blockedBy !== job.blockedBy)) {
      current.set(id, next.right);
      changed.push(next.right);
    }
  }
  return changed;
};

/**
 * Giving `jobId` the dependencies `newDependencies` closes a cycle when one of them is the job
 * itself or one of its transitive dependents. Returns the cycle's path, job ids as text.
 */
export const cycleThrough = (
  jobId: number,
  newDependencies: readonly number[],
  dependents: readonly Pick<Job, 'id' | 'dependencies'>[],
): E.Either<CycleDetected, void> => {
  if (newDependencies.includes(jobId)) return E.left(cycleDetected([String(jobId), String(jobId)]));
  const downstream = new Map(dependents.map((job) => [job.id, job]));
  const closing = newDependencies.find((d) => downstream.has(d));
  if (closing === undefined) return E.right(undefined);
  // Walk back from the closing dependent to the job along dependency edges inside the subgraph.
  const path = [closing];
  for (let at = closing; at !== jobId; ) {
    const deps = downstream.get(at)!.dependencies;
    at = deps.includes(jobId) ? jobId : deps.find((d) => downstream.has(d) && !path.includes(d))!;
    path.push(at);
  }
  // path: closing -> ... -> jobId (each depends on the next); the new edge jobId -> closing closes it.
  return E.left(cycleDetected([String(jobId), ...path.map(String)]));
};
