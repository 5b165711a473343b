import * as E from 'fp-ts/lib/Either.js';
import type { ProjectNotFound } from '../../domain/errors.js';
import { inject, injectable } from '../injection.js';
import { findProject } from '../lookups.js';
import { Clock } from '../ports/clock.port.js';
import { Store } from '../ports/store.port.js';
import { deleteJobs } from './job-graph.js';

/** Deletes the project's PENDING jobs (as the original); returns how many. */
@injectable()
export class ClearQueue {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  execute(projectId: number): Promise<E.Either<ProjectNotFound, number>> {
    return this.store.transaction<ProjectNotFound, number>(async (tx) => {
      const project = await findProject(tx, projectId);
      if (E.isLeft(project)) return project;
      const ids = await tx.jobs.ids({ projectId, taskId: null, status: 'PENDING' });
      await deleteJobs(tx, ids, this.clock.now(), ' when the queue was cleared');
      return E.right(ids.length);
    });
  }
}
