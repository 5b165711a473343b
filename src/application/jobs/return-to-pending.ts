import * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import type { Job } from '../../domain/job.js';
import { readiness, retry, unblock } from '../../domain/job-transitions.js';
import type { StoreTransaction } from '../ports/store.port.js';
import { saveTransition } from './job-graph.js';

/** A job's readiness from its dependencies' current states. */
export const currentReadiness = async (tx: StoreTransaction, job: Job) => readiness(await tx.jobs.getManyForShare(job.dependencies));

/**
 * A person returns a job to PENDING (to the queue). FAILED or CANCELLED: it is retried. BLOCKED: the
 * failure that blocks it is retried, which unblocks it and everything else that failure held
 * (when that failure is gone, the job itself is re-evaluated). Returns the job as it now stands.
 */
export const returnToPending = async (tx: StoreTransaction, job: Job, now: Date): Promise<E.Either<DomainError, Job>> => {
  if (job.status === 'BLOCKED' && job.blockedBy !== null && job.blockedBy !== job.id) {
    const root = await tx.jobs.getForUpdate(job.blockedBy);
    if (root !== null && (root.status === 'FAILED' || root.status === 'CANCELLED')) {
      const retried = await returnToPending(tx, root, now);
      if (E.isLeft(retried)) return retried;
      return E.right((await tx.jobs.get(job.id)) ?? job);
    }
  }
  const ready = await currentReadiness(tx, job);
  const next = job.status === 'BLOCKED' ? unblock(job, ready, now) : retry(job, ready, now);
  if (E.isLeft(next)) return next;
  await saveTransition(tx, job, next.right, now);
  return next;
};
