import * as E from 'fp-ts/lib/Either.js';
import { jobNotFound, type JobNotFound } from '../../domain/errors.js';
import type { Job } from '../../domain/job.js';
import type { StatusChange } from '../../domain/status-change.js';
import { inject, injectable } from '../injection.js';
import { findJob } from '../lookups.js';
import { Store } from '../ports/store.port.js';

export interface JobHistoryReport {
  /** The job as it stands: its creation time and, without changes, the status it was created in. */
  readonly job: Job;
  /** Oldest first. */
  readonly changes: readonly StatusChange[];
}

/** Every status change of a job, with the worker, attempt and reason of each. */
@injectable()
export class JobHistory {
  constructor(@inject(Store) private readonly store: Store) {}

  execute(id: number): Promise<E.Either<JobNotFound, JobHistoryReport>> {
    return this.store.transaction<JobNotFound, JobHistoryReport>(async (tx) => {
      const job = await findJob(tx, id);
      if (E.isLeft(job)) return job;
      const changes = await tx.jobs.history(id);
      // Deleted between the two reads (each statement sees the latest commit on PostgreSQL): gone.
      return changes === null ? E.left(jobNotFound(id)) : E.right({ job: job.right, changes });
    });
  }
}
