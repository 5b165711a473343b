/**
 * Graph algorithms over any keyed adjacency, iterative so that chains of any length are fine.
 * `next(k)` lists the nodes k points to.
 */

/** A cycle reachable from `starts`, as the path of keys that closes on itself, or null. */
export const findCycle = <K>(starts: Iterable<K>, next: (k: K) => Iterable<K>): K[] | null => {
  const done = new Set<K>();
  for (const start of starts) {
    if (done.has(start)) continue;
    const onPath = new Set<K>([start]);
    const path: K[] = [start];
    const stack: Iterator<K>[] = [next(start)[Symbol.iterator]()];
    while (stack.length > 0) {
      const step = stack[stack.length - 1]!.next();
      if (step.done) {
        stack.pop();
        const left = path.pop()!;
        onPath.delete(left);
        done.add(left);
        continue;
      }
      const k = step.value;
      if (onPath.has(k)) return [...path.slice(path.indexOf(k)), k];
      if (done.has(k)) continue;
      onPath.add(k);
      path.push(k);
      stack.push(next(k)[Symbol.iterator]());
    }
  }
  return null;
};

/** Every node reachable from `starts` (not counting the starts unless reached again). */
export const reachable = <K>(starts: Iterable<K>, next: (k: K) => Iterable<K>): Set<K> => {
  const seen = new Set<K>();
  const queue = [...starts];
  for (let i = 0; i < queue.length; i++) {
    for (const k of next(queue[i]!)) {
      if (!seen.has(k)) {
        seen.add(k);
        queue.push(k);
      }
    }
  }
  return seen;
};

/**
 * Kahn's order of `nodes` so that every node comes after the nodes it depends on; dependencies
 * outside `nodes` are ignored. Assumes no cycle (nodes on a cycle are left out).
 */
export const dependencyOrder = <K>(nodes: readonly K[], dependenciesOf: (k: K) => Iterable<K>): K[] => {
  const inSet = new Set(nodes);
  const waiting = new Map<K, number>();
  const dependents = new Map<K, K[]>();
  for (const node of nodes) {
    let count = 0;
    for (const dep of dependenciesOf(node)) {
      if (!inSet.has(dep)) continue;
      count++;
      const list = dependents.get(dep);
      if (list) list.push(node);
      else dependents.set(dep, [node]);
    }
    waiting.set(node, count);
  }
  const order = nodes.filter((n) => waiting.get(n) === 0);
  for (let i = 0; i < order.length; i++) {
    for (const dependent of dependents.get(order[i]!) ?? []) {
      const left = waiting.get(dependent)! - 1;
      waiting.set(dependent, left);
      if (left === 0) order.push(dependent);
    }
  }
  return order;
};
