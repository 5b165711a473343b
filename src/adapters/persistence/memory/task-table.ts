import type { Task } from '../../../domain/task.js';
import { frozenTask } from './frozen-copies.js';
import { IdSequence } from './id-sequence.js';
import { SetMultimap } from './set-multimap.js';
import { UndoableTable } from './undoable-table.js';
import type { UndoLog } from './undo-log.js';

export class TaskTable extends UndoableTable<number, Task> {
  readonly ids = new IdSequence();
  private readonly byProject = new SetMultimap<number, number>();
  private readonly byName = new SetMultimap<string, number>();

  idsOfProject(projectId: number): ReadonlySet<number> {
    return this.byProject.get(projectId);
  }

  /** Every project's tasks of that name. */
  idsByName(name: string): ReadonlySet<number> {
    return this.byName.get(name);
  }

  save(task: Task, log: UndoLog): Task {
    const stored = frozenTask(task);
    this.put(stored.id, stored, log);
    return stored;
  }

  protected reindex(previous: Task | undefined, next: Task | undefined): void {
    if (previous !== undefined) {
      this.byProject.delete(previous.projectId, previous.id);
      this.byName.delete(previous.name, previous.id);
    }
    if (next !== undefined) {
      this.byProject.add(next.projectId, next.id);
      this.byName.add(next.name, next.id);
    }
  }
}
