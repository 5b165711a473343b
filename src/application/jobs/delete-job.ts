import * as E from 'fp-ts/lib/Either.js';
import { jobNotFound, type JobNotFound } from '../../domain/errors.js';
import { inject, injectable } from '../injection.js';
import { lockJob } from '../lookups.js';
import { Clock } from '../ports/clock.port.js';
import { Store } from '../ports/store.port.js';
import { deleteJobs } from './job-graph.js';

/** Deletes a job whatever its state; jobs waiting on it become BLOCKED, never stranded. */
@injectable()
export class DeleteJob {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  /** With `projectId`, the job must belong to that project. */
  execute(id: number, projectId: number | null = null): Promise<E.Either<JobNotFound, void>> {
    return this.store.transaction<JobNotFound, void>(async (tx) => {
      const job = await lockJob(tx, id);
      if (E.isLeft(job)) return job;
      if (projectId !== null && job.right.projectId !== projectId) return E.left(jobNotFound(id));
      await deleteJobs(tx, [id], this.clock.now());
      return E.right(undefined);
    });
  }
}
