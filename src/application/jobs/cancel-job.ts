import * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import type { Job } from '../../domain/job.js';
import { cancel } from '../../domain/job-transitions.js';
import { inject, injectable } from '../injection.js';
import { lockJob } from '../lookups.js';
import { Clock } from '../ports/clock.port.js';
import { Store } from '../ports/store.port.js';
import { saveTransition } from './job-graph.js';

/**
 * Cancels a job that has not finished; everything waiting on it becomes BLOCKED. A running job's
 * worker learns it at its next heartbeat (the job is no longer among its leases) and stops it.
 */
@injectable()
export class CancelJob {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  execute(id: number, reason = 'cancelled by a person'): Promise<E.Either<DomainError, Job>> {
    return this.store.transaction<DomainError, Job>(async (tx) => {
      const job = await lockJob(tx, id);
      if (E.isLeft(job)) return job;
      const now = this.clock.now();
      const cancelled = cancel(job.right, now, reason);
      if (E.isRight(cancelled)) await saveTransition(tx, job.right, cancelled.right, now);
      return cancelled;
    });
  }
}
