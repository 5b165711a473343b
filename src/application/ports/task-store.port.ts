import type * as E from 'fp-ts/lib/Either.js';
import type { NameTaken } from '../../domain/errors.js';
import type { NewTask, Task } from '../../domain/task.js';
import type { Page } from './project-store.port.js';

export interface TaskStore {
  get(id: number): Promise<Task | null>;
  getMany(ids: readonly number[]): Promise<Task[]>;
  /** `projectId` null: the lowest-id task of that name in any project. */
  getByName(name: string, projectId: number | null): Promise<Task | null>;
  /** Ordered by id. */
  list(projectId: number, page: Page): Promise<Task[]>;
  insert(task: NewTask): Promise<E.Either<NameTaken, Task>>;
  update(task: Task): Promise<E.Either<NameTaken, Task>>;
  /** Deletes the task with its jobs and their dependency edges. */
  delete(id: number): Promise<void>;
}
