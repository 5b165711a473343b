import test, { type ExecutionContext } from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import * as fc from 'fast-check';
import { planBatch, type DependencyRef, type ExistingDependency, type JobSpec, type TaskTerms } from '../../src/domain/batch-plan.js';
import type { DomainError } from '../../src/domain/errors.js';
import type { NewJob } from '../../src/domain/job.js';
import { holds, NOW } from './job-fixture.js';

const PROJECT = 10;

const spec = (name: string, dependsOn: readonly DependencyRef[] = [], key: string | null = null, extra: Partial<JobSpec> = {}): JobSpec => ({
  key,
  name,
  taskId: 100,
  parameters: '{"seed":1}',
  priority: 0,
  dependsOn,
  ...extra,
});
const pos = (index: number): DependencyRef => ({ kind: 'position', index });
const key = (k: string): DependencyRef => ({ kind: 'key', key: k });
const job = (id: number): DependencyRef => ({ kind: 'job', id });

const TERMS: Record<number, TaskTerms> = {
  100: { requirements: { cpu: 1, accelerators: 0, memoryMb: 0 }, maxAttempts: 3 },
  200: { requirements: { cpu: 8, accelerators: 2, memoryMb: 4096 }, maxAttempts: 5 },
};
const taskTerms = (taskId: number): TaskTerms => TERMS[taskId]!;

const dep = (id: number, status: ExistingDependency['status'], blockedBy: number | null = null, projectId = PROJECT): ExistingDependency => ({
  id,
  projectId,
  status,
  blockedBy,
});
const EXISTING = new Map<number, ExistingDependency>(
  [
    dep(50, 'COMPLETED'),
    dep(51, 'PENDING'),
    dep(52, 'RUNNING'),
    dep(53, 'QUEUED'),
    dep(60, 'FAILED'),
    dep(61, 'CANCELLED'),
    dep(70, 'BLOCKED', 60),
    dep(80, 'COMPLETED', null, 11),
  ].map((d) => [d.id, d]),
);

const plan = (specs: readonly JobSpec[], existing: ReadonlyMap<number, ExistingDependency> = EXISTING) =>
  planBatch(PROJECT, specs, taskTerms, existing, NOW);

const planned = (t: ExecutionContext, specs: readonly JobSpec[]): NewJob[] => {
  const result = plan(specs);
  if (E.isLeft(result)) {
    t.fail(result.left.message);
    return [];
  }
  return result.right;
};

const refused = (t: ExecutionContext, specs: readonly JobSpec[]): DomainError | undefined => {
  const result = plan(specs);
  if (E.isRight(result)) {
    t.fail('expected the batch to be refused');
    return undefined;
  }
  return result.left;
};

// ---------------------------------------------------------------- the plain case

test('a single job becomes a PENDING, ready job carrying its task terms', (t) => {
  t.deepEqual(planned(t, [spec('train', [], null, { taskId: 200, priority: 7, parameters: '{"lr":1.0,"n":12345678901234567890}' })]), [
    {
      projectId: PROJECT,
      taskId: 200,
      name: 'train',
      parameters: '{"lr":1.0,"n":12345678901234567890}',
      priority: 7,
      status: 'PENDING',
      dependencies: [],
      unmetDependencies: 0,
      requirements: { cpu: 8, accelerators: 2, memoryMb: 4096 },
      attempts: 0,
      maxAttempts: 5,
      lease: null,
      exitCode: null,
      failureReason: null,
      blockedBy: null,
      createdAt: NOW,
      updatedAt: NOW,
      startedAt: null,
      finishedAt: null,
    },
  ]);
});

test('an empty batch plans nothing', (t) => {
  t.deepEqual(plan([]), E.right([]));
});

test('jobs come back in the order of the specs, whatever the dependency order', (t) => {
  const jobs = planned(t, [spec('last', [key('mid')]), spec('mid', [key('first')], 'mid'), spec('first', [], 'first')]);
  t.deepEqual(
    jobs.map((j) => j.name),
    ['last', 'mid', 'first'],
  );
});

// ---------------------------------------------------------------- references

test('a reference by position', (t) => {
  const jobs = planned(t, [spec('a'), spec('b', [pos(0)])]);
  t.deepEqual(jobs[1]?.dependencies, [{ kind: 'batch', index: 0 }]);
  t.is(jobs[1]?.unmetDependencies, 1);
  t.is(jobs[1]?.status, 'PENDING');
});

test('a reference by key, also to a later position', (t) => {
  const jobs = planned(t, [spec('b', [key('A')]), spec('a', [], 'A')]);
  t.deepEqual(jobs[0]?.dependencies, [{ kind: 'batch', index: 1 }]);
  t.is(jobs[0]?.unmetDependencies, 1);
  t.is(jobs[1]?.unmetDependencies, 0);
});

test('a reference by existing job id', (t) => {
  const jobs = planned(t, [spec('after-done', [job(50)]), spec('after-running', [job(52)])]);
  t.deepEqual(jobs[0]?.dependencies, [{ kind: 'job', id: 50 }]);
  t.is(jobs[0]?.unmetDependencies, 0);
  t.deepEqual(jobs[1]?.dependencies, [{ kind: 'job', id: 52 }]);
  t.is(jobs[1]?.unmetDependencies, 1);
});

test('unmet counts count every dependency that is not COMPLETED', (t) => {
  const jobs = planned(t, [spec('a'), spec('b', [job(50), job(51), job(52), job(53), pos(0)])]);
  t.is(jobs[1]?.unmetDependencies, 4);
  t.is(jobs[1]?.status, 'PENDING');
});

test('duplicate references are resolved and counted once', (t) => {
  const jobs = planned(t, [spec('a', [], 'A'), spec('b', [pos(0), key('A'), pos(0), job(52), job(52), job(50), job(50)])]);
  t.deepEqual(jobs[1]?.dependencies, [
    { kind: 'batch', index: 0 },
    { kind: 'job', id: 52 },
    { kind: 'job', id: 50 },
  ]);
  t.is(jobs[1]?.unmetDependencies, 2);
});

test('a diamond: each job waits for its distinct dependencies', (t) => {
  const jobs = planned(t, [
    spec('bottom', [key('left'), key('right')], 'bottom'),
    spec('left', [key('top')], 'left'),
    spec('right', [key('top')], 'right'),
    spec('top', [], 'top'),
  ]);
  t.deepEqual(
    jobs.map((j) => [j.name, j.status, j.unmetDependencies]),
    [
      ['bottom', 'PENDING', 2],
      ['left', 'PENDING', 1],
      ['right', 'PENDING', 1],
      ['top', 'PENDING', 0],
    ],
  );
  t.deepEqual(jobs[0]?.dependencies, [
    { kind: 'batch', index: 1 },
    { kind: 'batch', index: 2 },
  ]);
});

// ---------------------------------------------------------------- refused references

const unknownCases: readonly [string, DependencyRef, string][] = [
  ['a position past the end', pos(2), 'batch position 2'],
  ['a negative position', pos(-1), 'batch position -1'],
  ['a fractional position', pos(0.5), 'batch position 0.5'],
  ['an unknown key', key('nope'), "batch key 'nope'"],
  ['an unknown job id', job(999), 'job id 999'],
];
for (const [what, ref, reference] of unknownCases) {
  test(`${what} is an UnknownDependency naming it`, (t) => {
    t.deepEqual(refused(t, [spec('a', [], 'k'), spec('b', [ref])]), {
      _tag: 'UnknownDependency',
      reference,
      message: `Dependency ${reference} does not exist.`,
    });
  });
}

test("another project's job is a CrossProjectDependency", (t) => {
  t.deepEqual(refused(t, [spec('a', [job(80)])]), {
    _tag: 'CrossProjectDependency',
    dependencyId: 80,
    dependencyProjectId: 11,
    projectId: PROJECT,
    message: `Dependency job 80 belongs to project 11, not to project ${PROJECT}.`,
  });
});

test('a key used twice is a ValidationFailed on the second one', (t) => {
  t.like(refused(t, [spec('a', [], 'x'), spec('b'), spec('c', [], 'x')]), {
    _tag: 'ValidationFailed',
    field: 'jobs[2].key',
    message: "key 'x' is used by two jobs of the batch",
  });
});

test('an empty or blank name is a ValidationFailed naming the job', (t) => {
  t.like(refused(t, [spec('a'), spec('')]), { _tag: 'ValidationFailed', field: 'jobs[1].name' });
  t.like(refused(t, [spec('   ')]), { _tag: 'ValidationFailed', field: 'jobs[0].name' });
});

test('a name longer than 255 characters is refused', (t) => {
  t.like(refused(t, [spec('x'.repeat(256))]), { _tag: 'ValidationFailed', field: 'jobs[0].name' });
  t.is(planned(t, [spec('x'.repeat(255))]).length, 1);
});

test('parameters that are not a JSON object are refused', (t) => {
  for (const parameters of ['not json', '[1,2]', '3', 'null']) {
    t.like(refused(t, [spec('a', [], null, { parameters })]), { _tag: 'ValidationFailed', field: 'jobs[0].parameters' }, parameters);
  }
});

test('a priority that is not an integer is refused', (t) => {
  for (const priority of [1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    t.like(refused(t, [spec('a'), spec('b', [], null, { priority })]), { _tag: 'ValidationFailed', field: 'jobs[1].priority' }, String(priority));
  }
  t.is(planned(t, [spec('a', [], null, { priority: -3 })])[0]?.priority, -3);
});

// ---------------------------------------------------------------- cycles

test('a job referencing itself by position is a cycle', (t) => {
  t.deepEqual(refused(t, [spec('a'), spec('b', [pos(1)])]), {
    _tag: 'CycleDetected',
    path: ['#1 (b)', '#1 (b)'],
    message: 'Circular dependency detected: #1 (b) -> #1 (b).',
  });
});

test('a job referencing itself by key is a cycle', (t) => {
  t.like(refused(t, [spec('a', [key('me')], 'me')]), { _tag: 'CycleDetected', path: ["'me'", "'me'"] });
});

test('a 2-cycle is refused with its path', (t) => {
  t.like(refused(t, [spec('a', [pos(1)]), spec('b', [pos(0)])]), { _tag: 'CycleDetected', path: ['#0 (a)', '#1 (b)', '#0 (a)'] });
});

test('a longer cycle behind a tail is refused with exactly the cycle', (t) => {
  const error = refused(t, [
    spec('tail', [key('a')], 'tail'),
    spec('a', [key('b')], 'a'),
    spec('b', [key('c')], 'b'),
    spec('c', [key('a'), job(50)], 'c'),
  ]);
  t.like(error, { _tag: 'CycleDetected', path: ["'a'", "'b'", "'c'", "'a'"] });
  t.is(error?.message, "Circular dependency detected: 'a' -> 'b' -> 'c' -> 'a'.");
});

// ---------------------------------------------------------------- failure at submit time

test('a dependency on an existing FAILED job blocks the job and its batch dependents with the root', (t) => {
  const jobs = planned(t, [
    spec('first', [job(60), job(50)]),
    spec('second', [pos(0)]),
    spec('third', [pos(1), job(52)]),
    spec('unrelated', [job(50)]),
  ]);
  t.deepEqual(
    jobs.map((j) => [j.name, j.status, j.blockedBy, j.failureReason, j.unmetDependencies]),
    [
      ['first', 'BLOCKED', 60, 'blocked by job 60', 1],
      ['second', 'BLOCKED', 60, 'blocked by job 60', 1],
      ['third', 'BLOCKED', 60, 'blocked by job 60', 2],
      ['unrelated', 'PENDING', null, null, 0],
    ],
  );
});

test('a dependency on an existing CANCELLED job blocks with that job', (t) => {
  const jobs = planned(t, [spec('b', [key('a')]), spec('a', [job(61)], 'a')]);
  t.deepEqual(
    jobs.map((j) => [j.status, j.blockedBy]),
    [
      ['BLOCKED', 61],
      ['BLOCKED', 61],
    ],
  );
});

test('a dependency on an existing BLOCKED job blocks with the root failed job, not the blocked one', (t) => {
  const jobs = planned(t, [spec('a', [job(70)]), spec('b', [pos(0)])]);
  t.deepEqual(
    jobs.map((j) => [j.status, j.blockedBy]),
    [
      ['BLOCKED', 60],
      ['BLOCKED', 60],
    ],
  );
});

test('a blocked branch does not block the other side of a diamond', (t) => {
  const jobs = planned(t, [
    spec('top', [], 'top'),
    spec('left', [key('top'), job(60)], 'left'),
    spec('right', [key('top')], 'right'),
    spec('bottom', [key('left'), key('right')], 'bottom'),
  ]);
  t.deepEqual(
    jobs.map((j) => [j.name, j.status, j.blockedBy]),
    [
      ['top', 'PENDING', null],
      ['left', 'BLOCKED', 60],
      ['right', 'PENDING', null],
      ['bottom', 'BLOCKED', 60],
    ],
  );
});

// ---------------------------------------------------------------- properties

interface RandomRef {
  readonly to: number;
  readonly byKey: boolean;
}
interface RandomBatch {
  readonly keyed: readonly boolean[];
  readonly refs: readonly (readonly RandomRef[])[];
}

const keyOf = (index: number): string => `k${index}`;

/** Specs for a random graph: job i depends on refs[i]; a ref is by key only when the target has one. */
const specsOf = (batch: RandomBatch): JobSpec[] =>
  batch.refs.map((refs, index) =>
    spec(
      `job-${index}`,
      refs.map((r) => (r.byKey && batch.keyed[r.to] ? key(keyOf(r.to)) : pos(r.to))),
      batch.keyed[index] ? keyOf(index) : null,
    ),
  );

/** A random DAG of up to 200 jobs whose references only point to earlier positions (duplicates allowed). */
const randomDag = (maxJobs: number) =>
  fc.integer({ min: 1, max: maxJobs }).chain((n) =>
    fc.record({
      keyed: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      refs: fc.tuple(
        ...Array.from({ length: n }, (_, i) =>
          i === 0 ? fc.constant<RandomRef[]>([]) : fc.array(fc.record({ to: fc.nat({ max: i - 1 }), byKey: fc.boolean() }), { maxLength: 5 }),
        ),
      ),
    }),
  );

test('property: a random DAG of up to 200 jobs plans one PENDING job per spec with distinct-dependency counts', (t) => {
  holds(
    t,
    fc.property(randomDag(200), (batch) => {
      const result = plan(specsOf(batch));
      if (E.isLeft(result)) return false;
      const jobs = result.right;
      if (jobs.length !== batch.refs.length) return false;
      return jobs.every((j, index) => {
        const distinct = [...new Set(batch.refs[index]!.map((r) => r.to))].sort((a, b) => a - b);
        const resolved = j.dependencies.map((d) => (d.kind === 'batch' ? d.index : -1)).sort((a, b) => a - b);
        return (
          j.name === `job-${index}` &&
          j.status === 'PENDING' &&
          j.unmetDependencies === distinct.length &&
          JSON.stringify(resolved) === JSON.stringify(distinct)
        );
      });
    }),
    250,
  );
});

/** A random DAG plus a cycle: a chain of forward edges along `cycle` (ascending positions), and a back edge closing it. */
const dagWithBackEdge = randomDag(60).chain((batch) =>
  fc
    .uniqueArray(fc.nat({ max: batch.refs.length - 1 }), { minLength: 1, maxLength: Math.min(batch.refs.length, 8) })
    .map((members) => {
      const cycle = [...members].sort((a, b) => a - b);
      const refs = batch.refs.map((r) => [...r]);
      // cycle[m+1] depends on cycle[m] (a forward edge, like the DAG's), and cycle[0] on the last: the back edge.
      for (let m = 0; m + 1 < cycle.length; m++) refs[cycle[m + 1]!]!.push({ to: cycle[m]!, byKey: m % 2 === 0 });
      refs[cycle[0]!]!.push({ to: cycle[cycle.length - 1]!, byKey: true });
      return { keyed: batch.keyed, refs } satisfies RandomBatch;
    }),
);

const indexOfLabel = (label: string): number => {
  const match = /^'k(\d+)'$/.exec(label) ?? /^#(\d+) \(job-\d+\)$/.exec(label);
  return match === null ? Number.NaN : Number(match[1]);
};

test('property: a random graph with a back edge is refused with a cycle whose steps are real dependencies', (t) => {
  holds(
    t,
    fc.property(dagWithBackEdge, (batch) => {
      const result = plan(specsOf(batch));
      if (E.isRight(result) || result.left._tag !== 'CycleDetected') return false;
      const path = result.left.path.map(indexOfLabel);
      if (path.length < 2 || path.some(Number.isNaN) || path[0] !== path[path.length - 1]) return false;
      return path.slice(1).every((to, i) => batch.refs[path[i]!]!.some((r) => r.to === to));
    }),
    250,
  );
});
