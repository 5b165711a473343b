import test from 'ava';
import * as fc from 'fast-check';
import type { UseCases } from '../../src/application/use-cases.js';
import type { Job } from '../../src/domain/job.js';
import type { JobStatus } from '../../src/domain/job-status.js';
import { allJobs, harness, offer, onPosition, right, seed, spec } from './harness.js';

/*
 * Random DAGs submitted in one batch by position, then worked off by simulated workers through
 * the use cases over the memory store. Properties:
 *  (1) no job is ever claimed before all its dependencies are COMPLETED (and claims follow
 *      priority DESC, id ASC among the ready jobs);
 *  (2) after job F fails, the BLOCKED set grows by exactly F's transitive dependents that were
 *      PENDING, each blocked by F, and nothing else changes;
 *  (3) retrying F unblocks exactly those of its blocked transitive dependents that no other
 *      failure holds; the others stay BLOCKED by a failed ancestor;
 *  (4) every job ends COMPLETED, completed exactly once (when nothing fails, also claimed once).
 */

const MAX_JOBS = 200;
const RUNS = 200;
const SEED = 20260101;

interface Dag {
  /** deps[i]: positions (all < i) that job i depends on. */
  readonly deps: readonly (readonly number[])[];
  readonly priorities: readonly number[];
  /** Drives the simulation's choices (claim batch sizes, order, failures, retries). */
  readonly seed: number;
}

const dagArbitrary: fc.Arbitrary<Dag> = fc.integer({ min: 1, max: MAX_JOBS }).chain((n) =>
  fc.record({
    deps: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        i === 0 ? fc.constant<number[]>([]) : fc.uniqueArray(fc.integer({ min: 0, max: i - 1 }), { maxLength: Math.min(i, 4) }),
      ),
    ),
    priorities: fc.array(fc.integer({ min: -2, max: 2 }), { minLength: n, maxLength: n }),
    seed: fc.integer(),
  }),
);

/** mulberry32: a small deterministic PRNG for the simulation's choices. */
const prng = (seed: number) => {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return { next, below: (n: number): number => Math.floor(next() * n) };
};

const check = (condition: boolean, message: () => string): void => {
  if (!condition) throw new Error(message());
};

const sameSet = (a: Iterable<number>, b: Iterable<number>): boolean => {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
};

const show = (ids: Iterable<number>): string => `[${[...ids].sort((p, q) => p - q).join(',')}]`;

/** Everything reachable from `start` along `edges` (not counting `start`). */
const reach = (start: number, edges: readonly (readonly number[])[]): Set<number> => {
  const seen = new Set<number>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const k of edges[queue[i]!]!) {
      if (!seen.has(k)) {
        seen.add(k);
        queue.push(k);
      }
    }
  }
  return seen;
};

type Snapshot = Map<number, Job>;
const snapshot = async (uc: UseCases, projectId: number): Promise<Snapshot> => new Map((await allJobs(uc, projectId)).map((j) => [j.id, j]));

interface Outcome {
  readonly failures: number;
  readonly retries: number;
}

/**
 * Works the DAG off. With `failing`, each job fails at most once (at random), and every failure is
 * retried sooner or later, so the run still ends with everything COMPLETED.
 */
const simulate = async (dag: Dag, failing: boolean): Promise<Outcome> => {
  const { uc, close } = harness();
  try {
    const rng = prng(dag.seed);
    const { project, task } = await seed(uc);
    const n = dag.deps.length;
    const dependents: number[][] = Array.from({ length: n }, () => []);
    dag.deps.forEach((ds, i) => ds.forEach((d) => dependents[d]!.push(i)));

    const jobs = right(
      await uc.submitJobs.execute(
        project.id,
        dag.deps.map((ds, i) => spec(task.id, { name: `j${i}`, priority: dag.priorities[i]!, dependsOn: ds.map(onPosition) })),
      ),
    );
    check(jobs.length === n, () => `submitted ${n}, stored ${jobs.length}`);
    const idOf = (i: number): number => jobs[i]!.id;
    const indexOf = new Map(jobs.map((j, i) => [j.id, i]));
    const at = (id: number): number => indexOf.get(id)!;
    jobs.forEach((j, i) =>
      check(sameSet(j.dependencies, dag.deps[i]!.map(idOf)), () => `job ${j.id}: dependencies ${show(j.dependencies)}, submitted ${show(dag.deps[i]!.map(idOf))}`),
    );

    const status: JobStatus[] = jobs.map((j) => j.status);
    const claims = new Array<number>(n).fill(0);
    const completions = new Array<number>(n).fill(0);
    const failedOnce = new Set<number>();
    const outstanding: number[] = []; // failed, not yet retried (positions)
    let failures = 0;
    let retries = 0;

    const sync = (snap: Snapshot): void => {
      for (let i = 0; i < n; i++) status[i] = snap.get(idOf(i))!.status;
    };

    /** The job the claim must hand out: ready in the model, best priority, then lowest id. */
    const expectedClaim = (): number | null => {
      let best: number | null = null;
      for (let i = 0; i < n; i++) {
        if (status[i] !== 'PENDING' || !dag.deps[i]!.every((d) => status[d] === 'COMPLETED')) continue;
        if (best === null || dag.priorities[i]! > dag.priorities[best]! || (dag.priorities[i] === dag.priorities[best] && idOf(i) < idOf(best))) best = i;
      }
      return best;
    };

    const fail = async (i: number): Promise<void> => {
      const before = await snapshot(uc, project.id);
      right(await uc.reportProgress.fail(idOf(i), 'w', { reason: `boom ${i}`, exitCode: 1 }));
      const after = await snapshot(uc, project.id);
      const downstream = [...reach(i, dependents)].map(idOf);
      const expected = downstream.filter((id) => before.get(id)!.status === 'PENDING');
      const blockedBefore = [...before.values()].filter((j) => j.status === 'BLOCKED').map((j) => j.id);
      const blockedAfter = [...after.values()].filter((j) => j.status === 'BLOCKED').map((j) => j.id);
      // (2)
      check(
        sameSet(blockedAfter, [...blockedBefore, ...expected]),
        () => `after failing ${idOf(i)}: BLOCKED ${show(blockedAfter)}, expected ${show(blockedBefore)} + ${show(expected)}`,
      );
      for (const id of expected) check(after.get(id)!.blockedBy === idOf(i), () => `job ${id} blocked by ${after.get(id)!.blockedBy}, not ${idOf(i)}`);
      check(after.get(idOf(i))!.status === 'FAILED', () => `job ${idOf(i)} is ${after.get(idOf(i))!.status} after fail`);
      for (const [id, job] of after) {
        if (id === idOf(i) || expected.includes(id)) continue;
        check(job.status === before.get(id)!.status, () => `failing ${idOf(i)} changed unrelated job ${id}: ${before.get(id)!.status} -> ${job.status}`);
      }
      sync(after);
      failures++;
      outstanding.push(i);
    };

    const retry = async (i: number): Promise<void> => {
      const before = await snapshot(uc, project.id);
      const retried = right(await uc.retryJob.execute(idOf(i)));
      check(retried.status === 'PENDING', () => `retried job ${idOf(i)} is ${retried.status}`);
      const after = await snapshot(uc, project.id);
      const downstream = reach(i, dependents);
      const heldBack = (k: number): boolean => [...reach(k, dag.deps)].some((a) => ['FAILED', 'CANCELLED'].includes(after.get(idOf(a))!.status));
      // (3)
      for (const k of downstream) {
        const id = idOf(k);
        const was = before.get(id)!;
        const now = after.get(id)!;
        if (was.status !== 'BLOCKED') {
          check(now.status === was.status, () => `retrying ${idOf(i)} changed ${id}: ${was.status} -> ${now.status}`);
          continue;
        }
        if (heldBack(k)) {
          check(now.status === 'BLOCKED', () => `job ${id} is still held by a failure but became ${now.status}`);
          const blocker = now.blockedBy === null ? undefined : indexOf.get(now.blockedBy);
          check(
            blocker !== undefined && reach(k, dag.deps).has(blocker) && after.get(now.blockedBy!)!.status === 'FAILED',
            () => `job ${id} is blocked by ${now.blockedBy}, which is not a failed ancestor`,
          );
        } else {
          const unmet = dag.deps[k]!.filter((d) => after.get(idOf(d))!.status !== 'COMPLETED').length;
          check(
            now.status === 'PENDING' && now.blockedBy === null && now.unmetDependencies === unmet,
            () => `job ${id} should be PENDING with ${unmet} unmet after retrying ${idOf(i)}: ${now.status}, blockedBy ${now.blockedBy}, unmet ${now.unmetDependencies}`,
          );
        }
      }
      for (const [id, job] of after) {
        if (id === idOf(i) || downstream.has(at(id))) continue;
        check(job.status === before.get(id)!.status, () => `retrying ${idOf(i)} changed unrelated job ${id}`);
      }
      sync(after);
      retries++;
      outstanding.splice(outstanding.indexOf(i), 1);
    };

    for (let round = 0; ; round++) {
      check(round < 20 * n + 100, () => 'the simulation does not end');
      const inFlight: number[] = [];
      const want = 1 + rng.below(4);
      for (let k = 0; k < want; k++) {
        if (rng.next() < 0.1) {
          const none = right(await uc.claimJob.execute({ projectId: project.id, offer: offer(0, 0, 0), owner: 'w', lease: true, waitMs: 0, countPending: false }));
          check(none.claimed.length === 0, () => `an offer of nothing claimed job ${none.claimed[0]?.job.id}`);
        }
        const expected = expectedClaim();
        const claimed = right(await uc.claimJob.execute({ projectId: project.id, offer: offer(null), owner: 'w', lease: true, waitMs: 0, countPending: false })).claimed[0];
        if (claimed === undefined) {
          check(expected === null, () => `nothing claimed while job ${idOf(expected!)} is ready`);
          break;
        }
        const i = indexOf.get(claimed.job.id);
        check(i !== undefined, () => `claimed unknown job ${claimed.job.id}`);
        // (1), from the store and from the model
        const report = right(await uc.dependencyStatus.execute(claimed.job.id));
        check(report.allCompleted, () => `job ${claimed.job.id} claimed with dependencies ${report.dependencies.map((d) => `${d.id}:${d.status}`).join(' ')}`);
        check(
          dag.deps[i!]!.every((d) => status[d] === 'COMPLETED'),
          () => `job ${claimed.job.id} claimed before its dependencies completed (model)`,
        );
        check(i === expected, () => `claimed ${claimed.job.id}, expected ${expected === null ? 'nothing' : idOf(expected)} (priority DESC, id ASC)`);
        status[i!] = 'QUEUED';
        claims[i!]! += 1;
        inFlight.push(i!);
      }

      // Finish the claimed jobs in random order.
      for (let k = inFlight.length - 1; k > 0; k--) {
        const j = rng.below(k + 1);
        [inFlight[k], inFlight[j]] = [inFlight[j]!, inFlight[k]!];
      }
      for (const i of inFlight) {
        right(await uc.reportProgress.start(idOf(i), 'w'));
        if (failing && !failedOnce.has(i) && rng.next() < 0.15) {
          failedOnce.add(i);
          await fail(i);
        } else {
          const done = right(await uc.reportProgress.complete(idOf(i), 'w'));
          check(done === 'COMPLETED', () => `job ${idOf(i)} is ${done} after complete`);
          status[i] = 'COMPLETED';
          completions[i]! += 1;
        }
      }

      if (outstanding.length > 0 && (inFlight.length === 0 || rng.next() < 0.2)) {
        await retry(outstanding[rng.below(outstanding.length)]!);
        continue;
      }
      if (inFlight.length === 0) break;
    }

    // (4)
    const final = await snapshot(uc, project.id);
    for (let i = 0; i < n; i++) {
      const job = final.get(idOf(i))!;
      check(job.status === 'COMPLETED', () => `job ${job.id} ended ${job.status} (blockedBy ${job.blockedBy})`);
      check(completions[i] === 1, () => `job ${job.id} completed ${completions[i]} times`);
      if (!failing) check(claims[i] === 1, () => `job ${job.id} claimed ${claims[i]} times`);
    }
    check(failing || failures === 0, () => 'a failure without failing');
    return { failures, retries };
  } finally {
    await close();
  }
};

test('random DAGs with no failure: claims respect dependencies and every job completes exactly once', async (t) => {
  let jobs = 0;
  await fc.assert(
    fc.asyncProperty(dagArbitrary, async (dag) => {
      jobs += dag.deps.length;
      await simulate(dag, false);
    }),
    { numRuns: RUNS, seed: SEED },
  );
  t.true(jobs > RUNS, `simulated ${jobs} jobs`);
  t.log(`${RUNS} DAGs, ${jobs} jobs`);
});

test('random DAGs with failures: blocking and retrying follow the failures exactly', async (t) => {
  let failures = 0;
  let retries = 0;
  await fc.assert(
    fc.asyncProperty(dagArbitrary, async (dag) => {
      const outcome = await simulate(dag, true);
      failures += outcome.failures;
      retries += outcome.retries;
    }),
    { numRuns: RUNS, seed: SEED + 1 },
  );
  t.true(failures > RUNS, `only ${failures} failures were simulated`);
  t.is(retries, failures, 'every failure was retried');
  t.log(`${RUNS} DAGs, ${failures} failures, ${retries} retries`);
});
