import * as E from 'fp-ts/lib/Either.js';
import { taskNotFound, type TaskNotFound } from '../../domain/errors.js';
import type { Task } from '../../domain/task.js';
import { inject, injectable } from '../injection.js';
import { findTask } from '../lookups.js';
import { Store } from '../ports/store.port.js';

@injectable()
export class GetTask {
  constructor(@inject(Store) private readonly store: Store) {}

  byId(id: number): Promise<E.Either<TaskNotFound, Task>> {
    return this.store.transaction((tx) => findTask(tx, id));
  }

  /** Without a project: the oldest task of that name in any project. */
  byName(name: string, projectId: number | null): Promise<E.Either<TaskNotFound, Task>> {
    return this.store.transaction(async (tx) =>
      E.fromNullable(taskNotFound(name, projectId ?? undefined))(await tx.tasks.getByName(name, projectId)),
    );
  }
}
