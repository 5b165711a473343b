import type { Task } from '../../../domain/task.js';

/** Tasks kept at most: a process works with a few; a full cache forgets its oldest entry. */
const KNOWN_TASKS_LIMIT = 1_000;

/** A task as read, and the version of its row then (PostgreSQL's `xmin`, which every update changes). */
export interface KnownTask {
  readonly task: Task;
  readonly version: string;
}

/**
 * Tasks this store read lately, shared by its units of work. Work outside a transaction (a
 * submission that locks nothing) may take a task from here instead of reading it: the insert that
 * relies on it checks, in the same statement, that the task's row still has this version (see
 * `TaskSightings.assume`), and a stale one sends the work round again with fresh reads. Updates
 * made through this store forget the task at once.
 */
export class KnownTasks {
  private readonly known = new Map<number, KnownTask>();

  get(id: number): KnownTask | undefined {
    return this.known.get(id);
  }

  remember(task: Task, version: string): void {
    this.known.delete(task.id);
    this.known.set(task.id, { task, version });
    if (this.known.size > KNOWN_TASKS_LIMIT) this.known.delete(this.known.keys().next().value!);
  }

  forget(id: number): void {
    this.known.delete(id);
  }
}

/** Thrown by a write that relied on a task that changed since it was known: the unit of work runs again. */
export class StaleTasks extends Error {
  constructor(readonly taskIds: readonly number[]) {
    super(`tasks ${taskIds.join(', ')} changed since they were read`);
  }
}
