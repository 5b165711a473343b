import * as E from 'fp-ts/lib/Either.js';
import type { TaskNotFound } from '../../domain/errors.js';
import { inject, injectable } from '../injection.js';
import { deleteJobs } from '../jobs/job-graph.js';
import { findTask } from '../lookups.js';
import { Clock } from '../ports/clock.port.js';
import { Store } from '../ports/store.port.js';

/** Deletes a task with its jobs; jobs of other tasks that waited on them become BLOCKED. */
@injectable()
export class DeleteTask {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  execute(id: number): Promise<E.Either<TaskNotFound, void>> {
    return this.store.transaction(async (tx) => {
      const task = await findTask(tx, id);
      if (E.isLeft(task)) return task;
      const jobIds = await tx.jobs.ids({ projectId: null, taskId: id, status: null });
      await deleteJobs(tx, jobIds, this.clock.now(), ` with task '${task.right.name}'`);
      await tx.tasks.delete(id);
      return E.right(undefined);
    });
  }
}
