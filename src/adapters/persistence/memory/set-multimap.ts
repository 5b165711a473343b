const EMPTY: ReadonlySet<never> = new Set();

/** Keys to sets of values; a key whose set empties is dropped so the map does not grow forever. */
export class SetMultimap<K, V> {
  private readonly sets = new Map<K, Set<V>>();

  get(key: K): ReadonlySet<V> {
    return this.sets.get(key) ?? EMPTY;
  }

  add(key: K, value: V): void {
    const set = this.sets.get(key);
    if (set === undefined) this.sets.set(key, new Set([value]));
    else set.add(value);
  }

  delete(key: K, value: V): void {
    const set = this.sets.get(key);
    if (set === undefined) return;
    set.delete(value);
    if (set.size === 0) this.sets.delete(key);
  }
}
