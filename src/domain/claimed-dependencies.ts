import { illegalTransition, type IllegalTransition } from './errors.js';
import type { Job } from './job.js';

/**
 * A claimed job's run does not wait on its dependencies any more, so it may only gain COMPLETED
 * ones: losing one, or gaining one not done, would make its state lie. Null when the change is fine.
 */
export const claimedDependencyRefusal = (
  job: Pick<Job, 'id' | 'status' | 'dependencies'>,
  dependsOn: readonly number[],
  found: readonly Pick<Job, 'id' | 'status'>[],
): IllegalTransition | null => {
  const rule = 'its dependencies can only gain COMPLETED jobs';
  const lost = job.dependencies.filter((id) => !dependsOn.includes(id));
  if (lost.length > 0) return illegalTransition(job.id, job.status, 'change its dependencies', `${rule}, not lose ${jobList(lost)}`);
  const unfinished = found.filter((dependency) => !job.dependencies.includes(dependency.id) && dependency.status !== 'COMPLETED');
  if (unfinished.length === 0) return null;
  return illegalTransition(job.id, job.status, 'change its dependencies', `${rule}: ${unfinished.map((d) => `job ${d.id} is ${d.status}`).join(', ')}`);
};

const jobList = (ids: readonly number[]): string => (ids.length === 1 ? `job ${ids[0]}` : `jobs ${ids.join(', ')}`);
