import { withStatusChange, type StatusChange } from '../../../domain/status-change.js';
import { frozenStatusChange } from './frozen-copies.js';
import { UndoableTable } from './undoable-table.js';
import type { UndoLog } from './undo-log.js';

/** Each job's status changes, oldest first, capped as the SQL stores cap them. */
export class StatusHistoryTable extends UndoableTable<number, readonly StatusChange[]> {
  of(jobId: number): readonly StatusChange[] {
    return this.get(jobId) ?? [];
  }

  record(jobId: number, change: StatusChange, log: UndoLog): void {
    this.put(jobId, Object.freeze(withStatusChange(this.of(jobId), frozenStatusChange(change))), log);
  }

  /** Histories are read by job id only: nothing to index. */
  protected reindex(): void {}
}
