/**
 * The inverse of every change a transaction made, replayed newest first on rollback. Once the
 * transaction has ended the log refuses new entries, so a store object that escaped its
 * transaction cannot write outside the mutex.
 */
export class UndoLog {
  private readonly inverses: (() => void)[] = [];
  private open = true;

  record(inverse: () => void): void {
    if (!this.open) throw new Error('This transaction has ended: its stores can no longer be written.');
    this.inverses.push(inverse);
  }

  rollback(): void {
    for (let i = this.inverses.length - 1; i >= 0; i--) this.inverses[i]!();
    this.inverses.length = 0;
  }

  end(): void {
    this.open = false;
    this.inverses.length = 0;
  }
}
