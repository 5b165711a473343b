import * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import type { Job } from '../../domain/job.js';
import { inject, injectable } from '../injection.js';
import { lockJob } from '../lookups.js';
import { Clock } from '../ports/clock.port.js';
import { JobSignal } from '../ports/job-signal.port.js';
import { SchedulerEvents } from '../ports/scheduler-events.port.js';
import { Store } from '../ports/store.port.js';
import { returnToPending } from './return-to-pending.js';

/** Retries a FAILED, CANCELLED or BLOCKED job; its blocked dependents come back with it. */
@injectable()
export class RetryJob {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
    @inject(JobSignal) private readonly signal: JobSignal,
    @inject(SchedulerEvents) private readonly events: SchedulerEvents,
  ) {}

  async execute(id: number): Promise<E.Either<DomainError, Job>> {
    const result = await this.store.transaction<DomainError, Job>(async (tx) => {
      const job = await lockJob(tx, id);
      return E.isLeft(job) ? job : returnToPending(tx, job.right, this.clock.now());
    });
    if (E.isLeft(result)) return result;
    this.signal.notify(result.right.projectId);
    this.events.jobRetried('request');
    return result;
  }
}
