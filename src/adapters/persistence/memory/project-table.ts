import type { Project } from '../../../domain/project.js';
import { frozenProject } from './frozen-copies.js';
import { IdSequence } from './id-sequence.js';
import { UndoableTable } from './undoable-table.js';
import type { UndoLog } from './undo-log.js';

export class ProjectTable extends UndoableTable<number, Project> {
  readonly ids = new IdSequence();
  private readonly byName = new Map<string, number>();

  idByName(name: string): number | undefined {
    return this.byName.get(name);
  }

  save(project: Project, log: UndoLog): Project {
    const stored = frozenProject(project);
    this.put(stored.id, stored, log);
    return stored;
  }

  protected reindex(previous: Project | undefined, next: Project | undefined): void {
    if (previous !== undefined && this.byName.get(previous.name) === previous.id) this.byName.delete(previous.name);
    if (next !== undefined) this.byName.set(next.name, next.id);
  }
}
