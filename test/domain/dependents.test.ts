import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import * as fc from 'fast-check';
import { cycleThrough, reevaluateDependents } from '../../src/domain/dependents.js';
import { reachable } from '../../src/domain/graph.js';
import type { Job } from '../../src/domain/job.js';
import type { JobStatus } from '../../src/domain/job-status.js';
import { readiness, retry } from '../../src/domain/job-transitions.js';
import { holds, LATER, makeJob, NOW } from './job-fixture.js';

const node = (id: number, status: JobStatus, dependencies: readonly number[] = [], blockedBy: number | null = null): Job =>
  makeJob({
    id,
    name: `job-${id}`,
    status,
    dependencies,
    unmetDependencies: dependencies.length,
    blockedBy,
    failureReason: blockedBy === null ? (status === 'FAILED' ? 'exit 1' : null) : `blocked by job ${blockedBy}`,
    updatedAt: NOW,
  });

const retried = (job: Job, deps: readonly Job[] = []): Job => {
  const result = retry(job, readiness(deps), LATER);
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

const summary = (jobs: readonly Job[]) => jobs.map((j) => [j.id, j.status, j.blockedBy, j.unmetDependencies]);

// ---------------------------------------------------------------- reevaluateDependents

test('retrying the failed root of a chain unblocks the whole chain', (t) => {
  const a = node(1, 'FAILED');
  const chain = [node(2, 'BLOCKED', [1], 1), node(3, 'BLOCKED', [2], 1), node(4, 'BLOCKED', [3], 1)];
  const changed = reevaluateDependents(retried(a), chain, new Map(), LATER);
  t.deepEqual(summary(changed), [
    [2, 'PENDING', null, 1],
    [3, 'PENDING', null, 1],
    [4, 'PENDING', null, 1],
  ]);
  for (const job of changed) {
    t.is(job.failureReason, null);
    t.deepEqual(job.updatedAt, LATER);
  }
});

test('dependents listed in any order are walked in dependency order', (t) => {
  const a = node(1, 'FAILED');
  const b = node(2, 'BLOCKED', [1], 1);
  const c = node(3, 'BLOCKED', [1], 1);
  const d = node(4, 'BLOCKED', [3, 2], 1);
  const changed = reevaluateDependents(retried(a), [d, c, b], new Map(), LATER);
  t.deepEqual(
    summary(changed).sort((x, y) => Number(x[0]) - Number(y[0])),
    [
      [2, 'PENDING', null, 1],
      [3, 'PENDING', null, 1],
      [4, 'PENDING', null, 2],
    ],
  );
  t.is(changed[changed.length - 1]?.id, 4, 'the bottom of the diamond comes after both sides');
});

test('a dependent also held by another failure stays BLOCKED, now by that failure, and so do its own dependents', (t) => {
  const a = node(1, 'FAILED');
  const x = node(5, 'FAILED');
  const dependents = [
    node(2, 'BLOCKED', [1], 1),
    node(3, 'BLOCKED', [1, 5], 1),
    node(4, 'BLOCKED', [3], 1),
    node(6, 'BLOCKED', [2], 1),
  ];
  const changed = reevaluateDependents(retried(a), dependents, new Map([[5, x]]), LATER);
  t.deepEqual(
    summary(changed).sort((p, q) => Number(p[0]) - Number(q[0])),
    [
      [2, 'PENDING', null, 1],
      [3, 'BLOCKED', 5, 2],
      [4, 'BLOCKED', 5, 1],
      [6, 'PENDING', null, 1],
    ],
  );
  t.is(changed.find((j) => j.id === 3)?.failureReason, 'blocked by job 5');
  t.is(changed.find((j) => j.id === 4)?.failureReason, 'blocked by job 5');
});

test('a dependent already recorded as blocked by another failure is not reported as changed', (t) => {
  const a = node(1, 'FAILED');
  const x = node(5, 'FAILED');
  const held = node(3, 'BLOCKED', [5, 1], 5);
  const freed = node(2, 'BLOCKED', [1], 1);
  const changed = reevaluateDependents(retried(a), [held, freed], new Map([[5, x]]), LATER);
  t.deepEqual(
    changed.map((j) => j.id),
    [2],
  );
});

test('a blocked dependent whose blocker sits outside the dependents keeps the outside blocker', (t) => {
  // 3 waits for 1 (retried) and for 4, which is blocked by the failed 5: neither 4 nor 5 depends on 1.
  const a = node(1, 'FAILED');
  const outside = new Map([
    [4, node(4, 'BLOCKED', [5], 5)],
    [5, node(5, 'FAILED')],
  ]);
  const changed = reevaluateDependents(retried(a), [node(3, 'BLOCKED', [1, 4], 1)], outside, LATER);
  t.deepEqual(summary(changed), [[3, 'BLOCKED', 5, 2]]);
});

test('a COMPLETED dependency outside counts as met', (t) => {
  const a = node(1, 'CANCELLED');
  const changed = reevaluateDependents(retried(a), [node(2, 'BLOCKED', [7, 1], 1)], new Map([[7, node(7, 'COMPLETED')]]), LATER);
  t.deepEqual(summary(changed), [[2, 'PENDING', null, 1]]);
});

test('a retried job that is itself blocked passes its blocker on to its dependents', (t) => {
  const root = node(9, 'FAILED');
  const a = retried(node(1, 'CANCELLED', [9], 9), [root]);
  t.is(a.status, 'BLOCKED');
  const changed = reevaluateDependents(a, [node(2, 'BLOCKED', [1], 1), node(3, 'BLOCKED', [2], 1)], new Map([[9, root]]), LATER);
  t.deepEqual(summary(changed), [
    [2, 'BLOCKED', 9, 1],
    [3, 'BLOCKED', 9, 1],
  ]);
});

test('dependents that are FAILED or CANCELLED are left alone and still block what follows them', (t) => {
  const a = node(1, 'FAILED');
  const cancelled = node(2, 'CANCELLED', [1], 1);
  const failed = node(4, 'FAILED', [1]);
  const changed = reevaluateDependents(
    retried(a),
    [cancelled, node(3, 'BLOCKED', [2], 1), failed, node(5, 'BLOCKED', [4], 1)],
    new Map(),
    LATER,
  );
  t.deepEqual(
    summary(changed).sort((p, q) => Number(p[0]) - Number(q[0])),
    [
      [3, 'BLOCKED', 2, 1],
      [5, 'BLOCKED', 4, 1],
    ],
  );
});

test('no dependents, no changes; the inputs are not mutated', (t) => {
  const a = retried(node(1, 'FAILED'));
  t.deepEqual(reevaluateDependents(a, [], new Map(), LATER), []);
  const dependents = [node(2, 'BLOCKED', [1], 1)];
  const frozen = structuredClone(dependents);
  reevaluateDependents(a, dependents, new Map(), LATER);
  t.deepEqual(dependents, frozen);
});

// ---------------------------------------------------------------- cycleThrough

test('cycleThrough: a job depending on itself', (t) => {
  t.deepEqual(cycleThrough(1, [1], []), E.left({ _tag: 'CycleDetected', path: ['1', '1'], message: 'Circular dependency detected: 1 -> 1.' }));
});

test('cycleThrough: depending on a direct dependent', (t) => {
  const result = cycleThrough(1, [3, 2], [{ id: 2, dependencies: [1] }]);
  t.true(E.isLeft(result));
  if (E.isLeft(result)) t.deepEqual(result.left.path, ['1', '2', '1']);
});

test('cycleThrough: depending on a transitive dependent gives the path back to the job', (t) => {
  // 2 -> 1, 3 -> 2, 4 -> 3 (each depends on the next), plus a side branch 5 -> 1; 1 now wants 4.
  const dependents = [
    { id: 5, dependencies: [1] },
    { id: 2, dependencies: [1] },
    { id: 3, dependencies: [2] },
    { id: 4, dependencies: [3, 5] },
  ];
  const result = cycleThrough(1, [4], dependents);
  t.true(E.isLeft(result));
  if (E.isLeft(result)) {
    const path = result.left.path.map(Number);
    t.is(path[0], 1);
    t.is(path[1], 4);
    t.is(path[path.length - 1], 1);
    // Every step after the new edge 1 -> 4 is a real dependency.
    const depsOf = new Map(dependents.map((d) => [d.id, d.dependencies]));
    t.true(path.slice(2).every((to, i) => depsOf.get(path[i + 1]!)?.includes(to) ?? false), path.join(' -> '));
    t.deepEqual(result.left.path, ['1', '4', '3', '2', '1']);
  }
});

test('cycleThrough: new dependencies outside the dependents close no cycle', (t) => {
  t.deepEqual(cycleThrough(1, [7, 8], [{ id: 2, dependencies: [1] }]), E.right(undefined));
  t.deepEqual(cycleThrough(1, [], []), E.right(undefined));
});

// ---------------------------------------------------------------- property

/** A random DAG (job i depends on distinct earlier jobs), some failed roots, and the one to retry. */
const scenario = fc.integer({ min: 2, max: 40 }).chain((n) =>
  fc.record({
    deps: fc.tuple(...Array.from({ length: n }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => j + 1), { maxLength: Math.min(i, 4) }))),
    roots: fc.uniqueArray(fc.integer({ min: 1, max: n }), { minLength: 1, maxLength: 5 }),
  }),
);

/** States as the domain would have set them: roots FAILED, every other job from its dependencies. */
const settle = (deps: readonly (readonly number[])[], failed: (id: number) => Job | undefined): Map<number, Job> => {
  const jobs = new Map<number, Job>();
  deps.forEach((ds, index) => {
    const id = index + 1;
    const fixed = failed(id);
    if (fixed !== undefined) {
      jobs.set(id, fixed);
      return;
    }
    const r = readiness(ds.map((d) => jobs.get(d)!));
    jobs.set(id, node(id, r.blockedBy === null ? 'PENDING' : 'BLOCKED', ds, r.blockedBy));
  });
  return jobs;
};

test('property: retrying one failed root unblocks exactly the jobs no longer reachable from another failed root', (t) => {
  holds(
    t,
    fc.property(scenario, ({ deps, roots }) => {
      const target = roots[0]!;
      const others = roots.slice(1);
      const before = settle(deps, (id) => (roots.includes(id) ? node(id, 'FAILED', deps[id - 1]!) : undefined));
      const dependentsOf = (id: number): number[] => deps.flatMap((ds, index) => (ds.includes(id) ? [index + 1] : []));

      const again = retried(before.get(target)!, deps[target - 1]!.map((d) => before.get(d)!));
      const downstream = reachable([target], dependentsOf);
      const dependents = [...downstream].reverse().map((id) => before.get(id)!);
      const outside = new Map([...before].filter(([id]) => id !== target && !downstream.has(id)));
      const changed = reevaluateDependents(again, dependents, outside, LATER);

      const after = new Map(before);
      after.set(target, again);
      for (const job of changed) after.set(job.id, job);

      // Exactly the blocked jobs out of every other failed root's reach come back to PENDING.
      const stillHeld = reachable(others, dependentsOf);
      const unblocked = [...before.values()].filter((j) => j.status === 'BLOCKED' && after.get(j.id)!.status === 'PENDING').map((j) => j.id);
      const expected = [...before.values()].filter((j) => j.status === 'BLOCKED' && !stillHeld.has(j.id)).map((j) => j.id);
      if (JSON.stringify(unblocked.sort()) !== JSON.stringify(expected.sort())) return false;

      // Whatever stays blocked is blocked by another failed root that reaches it.
      for (const job of after.values()) {
        if (job.status !== 'BLOCKED') continue;
        if (job.blockedBy === null || !others.includes(job.blockedBy) || !reachable([job.blockedBy], dependentsOf).has(job.id)) return false;
      }

      // Only dependents of the retried job change, each one really changed, with its unmet count right.
      for (const job of changed) {
        const old = before.get(job.id)!;
        if (!downstream.has(job.id) || (old.status === job.status && old.blockedBy === job.blockedBy)) return false;
        if (job.unmetDependencies !== job.dependencies.length || job.updatedAt !== LATER) return false;
      }

      // The result is the state a fresh evaluation of the whole graph gives.
      const fresh = settle(deps, (id) => (id === target ? again : others.includes(id) ? before.get(id) : undefined));
      return [...fresh.values()].every((j) => {
        const got = after.get(j.id)!;
        return got.status === j.status && got.blockedBy === j.blockedBy && got.unmetDependencies === j.unmetDependencies;
      });
    }),
    300,
  );
});
