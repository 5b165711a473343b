import * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { reviseTask, type Task, type TaskFields } from '../../domain/task.js';
import { inject, injectable } from '../injection.js';
import { findTask } from '../lookups.js';
import { Clock } from '../ports/clock.port.js';
import { JobSignal } from '../ports/job-signal.port.js';
import { Store } from '../ports/store.port.js';

/** Changing a task's requirements also changes those of its jobs that are not yet claimed. */
@injectable()
export class UpdateTask {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
    @inject(JobSignal) private readonly signal: JobSignal,
  ) {}

  async execute(id: number, changes: Partial<TaskFields>): Promise<E.Either<DomainError, Task>> {
    const now = this.clock.now();
    const result = await this.store.transaction<DomainError, Task>(async (tx) => {
      const task = await findTask(tx, id);
      if (E.isLeft(task)) return task;
      const revised = reviseTask(task.right, changes, now);
      if (E.isLeft(revised)) return revised;
      const saved = await tx.tasks.update(revised.right);
      if (E.isRight(saved)) await tx.jobs.updateUnclaimedJobsOfTask(id, saved.right.requirements, saved.right.maxAttempts, now);
      return saved;
    });
    if (E.isRight(result)) this.signal.notify(result.right.projectId);
    return result;
  }
}
