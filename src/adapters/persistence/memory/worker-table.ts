import type { WorkerRegistration } from '../../../domain/worker.js';
import { frozenWorker } from './frozen-copies.js';
import { UndoableTable } from './undoable-table.js';
import type { UndoLog } from './undo-log.js';

export class WorkerTable extends UndoableTable<string, WorkerRegistration> {
  save(worker: WorkerRegistration, log: UndoLog): void {
    const stored = frozenWorker(worker);
    this.put(stored.id, stored, log);
  }

  protected reindex(): void {
    // Workers are few and listed rarely: no index beyond the id.
  }
}
