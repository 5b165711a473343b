import * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { newTask, type Task, type TaskFields } from '../../domain/task.js';
import { inject, injectable } from '../injection.js';
import { findProject } from '../lookups.js';
import { Clock } from '../ports/clock.port.js';
import { Store } from '../ports/store.port.js';

@injectable()
export class CreateTask {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  execute(projectId: number, fields: TaskFields): Promise<E.Either<DomainError, Task>> {
    return this.store.transaction<DomainError, Task>(async (tx) => {
      const project = await findProject(tx, projectId);
      if (E.isLeft(project)) return project;
      const task = newTask(projectId, fields, this.clock.now());
      return E.isLeft(task) ? task : tx.tasks.insert(task.right);
    });
  }
}
