import type { UndoLog } from './undo-log.js';

/** Ids 1, 2, 3, … for one entity type; a rolled-back transaction gives its ids back. */
export class IdSequence {
  private last = 0;

  next(log: UndoLog): number {
    const previous = this.last;
    log.record(() => {
      this.last = previous;
    });
    this.last += 1;
    return this.last;
  }
}
