/**
 * A binary heap whose items carry a numeric key, with the key's position tracked so that any item
 * can be removed in O(log n), not only the top.
 */
export class IndexedHeap<T> {
  private readonly items: T[] = [];
  private readonly positions = new Map<number, number>();

  /** `precedes(a, b)`: a comes out before b; must be a strict order. */
  constructor(
    private readonly keyOf: (item: T) => number,
    private readonly precedes: (a: T, b: T) => boolean,
  ) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const key = this.keyOf(item);
    if (this.positions.has(key)) throw new Error(`key ${key} is already in the heap`);
    this.items.push(item);
    this.positions.set(key, this.items.length - 1);
    this.siftUp(this.items.length - 1);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.remove(this.keyOf(top));
    return top;
  }

  remove(key: number): T | undefined {
    const at = this.positions.get(key);
    if (at === undefined) return undefined;
    const item = this.items[at]!;
    const last = this.items.pop()!;
    this.positions.delete(key);
    if (at < this.items.length) {
      this.place(last, at);
      this.siftDown(at);
      this.siftUp(at);
    }
    return item;
  }

  /**
   * The leading items in heap order while `accept` holds (it must hold for a prefix of that
   * order), at most `limit`, without changing the heap: a best-first walk costing O(k log k).
   */
  takeWhile(accept: (item: T) => boolean, limit: number): T[] {
    const taken: T[] = [];
    const frontier = new IndexedHeap<number>(
      (index) => index,
      (a, b) => this.precedes(this.items[a]!, this.items[b]!),
    );
    if (this.items.length > 0) frontier.push(0);
    while (taken.length < limit) {
      const index = frontier.pop();
      if (index === undefined) break;
      const item = this.items[index]!;
      if (!accept(item)) break;
      taken.push(item);
      for (const child of [2 * index + 1, 2 * index + 2]) if (child < this.items.length) frontier.push(child);
    }
    return taken;
  }

  private place(item: T, at: number): void {
    this.items[at] = item;
    this.positions.set(this.keyOf(item), at);
  }

  private siftUp(start: number): void {
    let at = start;
    const item = this.items[at]!;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const above = this.items[parent]!;
      if (!this.precedes(item, above)) break;
      this.place(above, at);
      at = parent;
    }
    this.place(item, at);
  }

  private siftDown(start: number): void {
    let at = start;
    const item = this.items[at]!;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.items.length) break;
      const right = left + 1;
      const child = right < this.items.length && this.precedes(this.items[right]!, this.items[left]!) ? right : left;
      const below = this.items[child]!;
      if (!this.precedes(below, item)) break;
      this.place(below, at);
      at = child;
    }
    this.place(item, at);
  }
}
