import type { UndoLog } from './undo-log.js';

/**
 * Rows by key, with indexes derived from the rows alone. Every change goes through `write`, and
 * its inverse (another `write`) is logged first, so a rollback restores the rows and, through
 * `reindex`, every index with them.
 */
export abstract class UndoableTable<K, V> {
  private readonly rows = new Map<K, V>();

  get(key: K): V | undefined {
    return this.rows.get(key);
  }

  values(): IterableIterator<V> {
    return this.rows.values();
  }

  protected put(key: K, value: V, log: UndoLog): void {
    const previous = this.rows.get(key);
    log.record(() => this.write(key, previous));
    this.write(key, value);
  }

  remove(key: K, log: UndoLog): void {
    const previous = this.rows.get(key);
    if (previous === undefined) return;
    log.record(() => this.write(key, previous));
    this.write(key, undefined);
  }

  /** Keep the table's indexes in step with one row going from `previous` to `next`. */
  protected abstract reindex(previous: V | undefined, next: V | undefined): void;

  private write(key: K, next: V | undefined): void {
    const previous = this.rows.get(key);
    if (next === undefined) this.rows.delete(key);
    else this.rows.set(key, next);
    this.reindex(previous, next);
  }
}
