import * as E from 'fp-ts/lib/Either.js';
import type { JobNotFound } from '../../domain/errors.js';
import type { Job } from '../../domain/job.js';
import { inject, injectable } from '../injection.js';
import { findJob } from '../lookups.js';
import { Store } from '../ports/store.port.js';

export interface DependencyReport {
  readonly job: Job;
  readonly dependencies: readonly Job[];
  readonly allCompleted: boolean;
  readonly hasFailed: boolean;
}

/** Where a job's dependencies stand: why it waits, or what blocks it. */
@injectable()
export class DependencyStatus {
  constructor(@inject(Store) private readonly store: Store) {}

  execute(id: number): Promise<E.Either<JobNotFound, DependencyReport>> {
    return this.store.transaction<JobNotFound, DependencyReport>(async (tx) => {
      const job = await findJob(tx, id);
      if (E.isLeft(job)) return job;
      const dependencies = await tx.jobs.getMany(job.right.dependencies);
      return E.right({
        job: job.right,
        dependencies,
        allCompleted: dependencies.every((d) => d.status === 'COMPLETED'),
        hasFailed: dependencies.some((d) => d.status === 'FAILED' || d.status === 'BLOCKED' || d.status === 'CANCELLED'),
      });
    });
  }
}
