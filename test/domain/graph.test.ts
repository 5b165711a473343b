import test from 'ava';
import * as fc from 'fast-check';
import { dependencyOrder, findCycle, reachable } from '../../src/domain/graph.js';
import { holds } from './job-fixture.js';

type Adjacency = ReadonlyMap<number, readonly number[]>;
const graph = (edges: Record<number, number[]>): Adjacency => new Map(Object.entries(edges).map(([k, v]) => [Number(k), v]));
const nextIn = (g: Adjacency) => (k: number): readonly number[] => g.get(k) ?? [];

/** A path that closes on itself along real edges, visiting no node twice before closing. */
const isCycleIn = (g: Adjacency, path: readonly number[]): boolean =>
  path.length >= 2 &&
  path[0] === path[path.length - 1] &&
  new Set(path.slice(0, -1)).size === path.length - 1 &&
  path.slice(1).every((to, i) => nextIn(g)(path[i]!).includes(to));

// ---------------------------------------------------------------- findCycle

test('findCycle: a self-loop', (t) => {
  t.deepEqual(findCycle([1], nextIn(graph({ 1: [1] }))), [1, 1]);
});

test('findCycle: a 2-cycle', (t) => {
  t.deepEqual(findCycle([1], nextIn(graph({ 1: [2], 2: [1] }))), [1, 2, 1]);
});

test('findCycle: a long cycle entered from a tail, with its exact path closing on itself', (t) => {
  const g = graph({ 0: [1], 1: [2], 2: [3], 3: [4], 4: [5], 5: [2] });
  t.deepEqual(findCycle([0], nextIn(g)), [2, 3, 4, 5, 2]);
});

test('findCycle: the cycle is reported from the node where it closes, leaving out the tail', (t) => {
  const h = graph({ 0: [1, 3], 1: [2], 2: [], 3: [4], 4: [3] });
  t.deepEqual(findCycle([0], nextIn(h)), [3, 4, 3]);
});

test('findCycle: a DAG (with a diamond and shared descendants) has no cycle', (t) => {
  const g = graph({ 0: [1, 2], 1: [3], 2: [3], 3: [4], 4: [], 5: [3, 0] });
  t.is(findCycle([0, 1, 2, 3, 4, 5], nextIn(g)), null);
});

test('findCycle: only cycles reachable from the starts count', (t) => {
  const g = graph({ 0: [1], 1: [], 2: [3], 3: [2] });
  t.is(findCycle([0], nextIn(g)), null);
  t.deepEqual(findCycle([0, 2], nextIn(g)), [2, 3, 2]);
});

test('findCycle: no starts, no cycle', (t) => {
  t.is(findCycle([], nextIn(graph({ 1: [1] }))), null);
});

test('findCycle works on keys of any type', (t) => {
  const g = new Map<string, string[]>([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
  ]);
  t.deepEqual(findCycle(['a'], (k) => g.get(k) ?? []), ['a', 'b', 'c', 'a']);
});

const CHAIN = 100_000;

test('findCycle: a chain of 100,000 nodes without stack overflow', (t) => {
  const next = (k: number): number[] => (k + 1 < CHAIN ? [k + 1] : []);
  t.is(findCycle([0], next), null);
  const closed = (k: number): number[] => [(k + 1) % CHAIN];
  const cycle = findCycle([0], closed);
  t.is(cycle?.length, CHAIN + 1);
  t.is(cycle?.[0], 0);
  t.is(cycle?.[CHAIN - 1], CHAIN - 1);
  t.is(cycle?.[CHAIN], 0);
});

test('findCycle expands each node once, however many paths lead to it', (t) => {
  // A ladder of 16 diamonds: 2^16 paths from 0 to the bottom, 33 nodes.
  const layers = 16;
  const g = new Map<number, number[]>();
  for (let k = 0; k < layers; k++) {
    g.set(2 * k, [2 * k + 1, 2 * k + 2]);
    g.set(2 * k + 1, [2 * k + 2]);
  }
  const expanded: number[] = [];
  const next = (k: number): readonly number[] => {
    expanded.push(k);
    return g.get(k) ?? [];
  };
  t.is(findCycle([0], next), null);
  t.is(expanded.length, 2 * layers + 1);
  t.is(new Set(expanded).size, 2 * layers + 1);
});

// ---------------------------------------------------------------- reachable

test('reachable: every node reachable, without the starts unless reached again', (t) => {
  const g = graph({ 0: [1, 2], 1: [3], 2: [3], 3: [], 9: [10] });
  t.deepEqual([...reachable([0], nextIn(g))].sort(), [1, 2, 3]);
  const loop = graph({ 0: [1], 1: [0] });
  t.deepEqual([...reachable([0], nextIn(loop))].sort(), [0, 1]);
  t.deepEqual([...reachable([], nextIn(g))], []);
});

test('reachable: from several starts', (t) => {
  const g = graph({ 0: [1], 1: [], 5: [6], 6: [7], 7: [] });
  t.deepEqual([...reachable([0, 5], nextIn(g))].sort((a, b) => a - b), [1, 6, 7]);
});

test('reachable: a chain of 100,000 nodes', (t) => {
  const seen = reachable([0], (k: number) => (k + 1 < CHAIN ? [k + 1] : []));
  t.is(seen.size, CHAIN - 1);
  t.false(seen.has(0));
  t.true(seen.has(CHAIN - 1));
});

// ---------------------------------------------------------------- dependencyOrder

const isDependencyOrder = (order: readonly number[], deps: Adjacency, nodes: readonly number[]): boolean => {
  const position = new Map(order.map((k, i) => [k, i]));
  return (
    order.length === nodes.length &&
    position.size === nodes.length &&
    nodes.every((n) => (deps.get(n) ?? []).every((d) => !position.has(d) || position.get(d)! < position.get(n)!))
  );
};

test('dependencyOrder: every node comes after its dependencies', (t) => {
  // 3 depends on 1 and 2, which depend on 0: a diamond, listed in the worst order.
  const deps = graph({ 3: [1, 2], 2: [0], 1: [0], 0: [] });
  const nodes = [3, 2, 1, 0];
  const order = dependencyOrder(nodes, nextIn(deps));
  t.is(order[0], 0);
  t.is(order[3], 3);
  t.true(isDependencyOrder(order, deps, nodes));
});

test('dependencyOrder: dependencies outside the nodes are ignored', (t) => {
  const deps = graph({ 1: [99], 2: [1, 98] });
  t.deepEqual(dependencyOrder([2, 1], nextIn(deps)), [1, 2]);
});

test('dependencyOrder: a dependency listed twice is waited for once', (t) => {
  const deps = graph({ 1: [], 2: [1, 1] });
  t.deepEqual(dependencyOrder([2, 1], nextIn(deps)), [1, 2]);
});

test('dependencyOrder: nodes on a cycle are left out, the rest kept', (t) => {
  const deps = graph({ 0: [], 1: [2], 2: [1], 3: [0] });
  t.deepEqual(dependencyOrder([0, 1, 2, 3], nextIn(deps)), [0, 3]);
});

test('dependencyOrder: a chain of 100,000 nodes listed backwards', (t) => {
  const nodes = Array.from({ length: CHAIN }, (_, i) => CHAIN - 1 - i);
  const order = dependencyOrder(nodes, (k) => (k > 0 ? [k - 1] : []));
  t.is(order.length, CHAIN);
  t.true(order.every((k, i) => k === i));
});

// ---------------------------------------------------------------- properties

/** Small random directed graphs (self-loops allowed) over nodes 0..n-1, and random starts. */
const smallGraph = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 1 })), { maxLength: 16 }),
    starts: fc.subarray(Array.from({ length: n }, (_, i) => i)),
  }),
);

const adjacencyOf = (n: number, edges: readonly (readonly [number, number])[]): Adjacency => {
  const g = new Map<number, number[]>(Array.from({ length: n }, (_, i) => [i, []]));
  for (const [from, to] of edges) g.get(from)!.push(to);
  return g;
};

/** Brute force: the transitive closure; a cycle is reachable when a node reachable from a start reaches itself. */
const bruteForceHasCycle = (n: number, g: Adjacency, starts: readonly number[]): boolean => {
  const closure = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (g.get(i) ?? []).includes(j)));
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (closure[i]![k] && closure[k]![j]) closure[i]![j] = true;
  const relevant = new Set(starts);
  for (const s of starts) for (let j = 0; j < n; j++) if (closure[s]![j]) relevant.add(j);
  return [...relevant].some((v) => closure[v]![v]);
};

test('property: findCycle agrees with a brute-force cycle check, and its path is a real cycle', (t) => {
  holds(
    t,
    fc.property(smallGraph, ({ n, edges, starts }) => {
      const g = adjacencyOf(n, edges);
      const cycle = findCycle(starts, nextIn(g));
      if ((cycle !== null) !== bruteForceHasCycle(n, g, starts)) return false;
      return cycle === null || isCycleIn(g, cycle);
    }),
    1000,
  );
});

test('property: dependencyOrder of a random DAG keeps every node after its dependencies', (t) => {
  holds(
    t,
    fc.property(
      fc.integer({ min: 0, max: 30 }).chain((n) =>
        fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat({ max: 29 }), fc.nat({ max: 29 })), { maxLength: 60 })),
      ),
      ([n, pairs]) => {
        // Edge i -> j with j < i keeps the graph acyclic: node i depends on j.
        const edges = pairs.filter(([i, j]) => i < n && j < i);
        const deps = adjacencyOf(n, edges);
        const nodes = Array.from({ length: n }, (_, i) => n - 1 - i);
        return isDependencyOrder(dependencyOrder(nodes, nextIn(deps)), deps, nodes);
      },
    ),
  );
});
