import * as E from 'fp-ts/lib/Either.js';
import type { Job } from '../../domain/job.js';
import { expireLease } from '../../domain/job-transitions.js';
import { inject, injectable } from '../injection.js';
import { Clock } from '../ports/clock.port.js';
import { JobSignal } from '../ports/job-signal.port.js';
import { SchedulerEvents } from '../ports/scheduler-events.port.js';
import { Store } from '../ports/store.port.js';
import { saveTransition } from '../jobs/job-graph.js';

/**
 * Claims whose lease ran out (their worker died) go back to PENDING, or FAILED once their
 * attempts are used up. Run periodically by the composition root.
 */
@injectable()
export class ExpireLeases {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
    @inject(JobSignal) private readonly signal: JobSignal,
    @inject(SchedulerEvents) private readonly events: SchedulerEvents,
  ) {}

  /** Returns the jobs as they now stand; handles at most `limit` per call. */
  async execute(limit = 1000): Promise<Job[]> {
    const now = this.clock.now();
    const result = await this.store.transaction<never, Job[]>(async (tx) => {
      const expired = await tx.queue.lockExpiredLeases(now, limit);
      const changed: Job[] = [];
      for (const job of expired) {
        const next = expireLease(job, now);
        if (E.isLeft(next)) continue;
        await saveTransition(tx, job, next.right, now);
        changed.push(next.right);
      }
      return E.right(changed);
    });
    const jobs = E.isRight(result) ? result.right : [];
    if (jobs.length > 0) this.events.leasesExpired(jobs.map((job) => (job.status === 'PENDING' ? 'requeued' : 'failed')));
    for (const projectId of new Set(jobs.map((j) => j.projectId))) this.signal.notify(projectId);
    return jobs;
  }
}
