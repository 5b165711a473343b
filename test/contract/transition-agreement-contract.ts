/*
 * The SQL stores write the domain's transitions as hand-written statements (WHERE = the
 * preconditions, SET list = the changes, whatsnext_status_history = the entry); the memory store
 * applies the domain functions. This property drives random jobs through random events, as the
 * application's use cases do, and after every store statement compares each of the run's jobs,
 * field by field, with what the domain transition gives for the job as stored before, and each
 * changed job's status history with the entries `statusChange` says the changes record.
 *
 * Events: claims (Queue.claim and Store.claim, each or together, with or without an expiring lease,
 * anonymous or not), lease holders' starts and completions (advanceLeasedRuns), reports applied
 * with the domain's start/complete/fail/release and saved with saveProgress or update, heartbeats
 * (renewLeases), lease expiry (lockExpiredLeases + expireLease), a person's cancel, retry and
 * unblock, and the DAG's consequences as job-graph's saveTransition carries them
 * (satisfyDependents, blockDependents, re-evaluated dependents saved with updateMany), and task
 * terms (updateUnclaimedJobsOfTask).
 *
 * What this catches (each mutation was made in the statement's SET list when the statements were
 * still methods of the queue and the job store, seen to fail here on PGlite or PostgreSQL with the
 * event, the statement, the job and the field named, then reverted; the SET lists moved unchanged
 * to the files of src/adapters/persistence/mikro-orm/sql/ named here):
 * - job-claim-available.ts: `attempts = j.attempts` (a claim charging no attempt):
 *   "queue.claim: claimed job 82: attempts: store 0, domain 1";
 * - job-report-runs.ts without its `exit_code` item:
 *   "advanceLeasedRuns, job 404 (was QUEUED): exitCode: store null, domain 0";
 * - job-block-dependents.ts keeping the old `failure_reason`:
 *   "blockDependents([298], 298), job 299 (was PENDING): failureReason: store null, domain "blocked by job 298"";
 * - job-save-progress.ts without its `started_at` item:
 *   "saveProgress of job 902, job 902 (was QUEUED): startedAt: store null, domain {…}";
 * - job-claim-chosen.ts recording the old attempt count as the new one in its history entry:
 *   "queue.claim, history of job 183 (PENDING → QUEUED), latest entry: store {… attempt 0 …}, domain {… attempt 1 …}".
 * It found two real disagreements, fixed in the SQL queue and kept as EXAMPLES below: renewLeases
 * gave a claim taken without a lease an expiry, and a claim of jobs that fit together stopped at
 * the first `limit` ready jobs, so a job passed over hid smaller ones behind it.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { isDeepStrictEqual } from 'node:util';
import type { StoreTransaction } from '../../src/application/ports/store.port.js';
import type { Store } from '../../src/application/ports/store.port.js';
import { reevaluateDependents } from '../../src/domain/dependents.js';
import { claimOrder, type Job, type NewJob } from '../../src/domain/job.js';
import type { JobStatus } from '../../src/domain/job-status.js';
import {
  blockedReason,
  block,
  cancel,
  claim,
  complete,
  expireLease,
  fail,
  readiness,
  release,
  renewLease,
  retry,
  start,
  unblock,
  type Claimant,
  type Reporter,
  type TransitionError,
} from '../../src/domain/job-transitions.js';
import { packInOrder, type Fit } from '../../src/domain/offer-packing.js';
import type { Offer, Requirements } from '../../src/domain/resources.js';
import { statusChange, withStatusChange, type StatusChange } from '../../src/domain/status-change.js';
import { type Check, inTx, plain, right, seed } from './contract-kit.js';
import { after, newJob, newTask, onBatch } from './fixtures.js';

// ---------------------------------------------------------------------------------------------
// Generators

const requirements = fc.record({
  cpu: fc.constantFrom(0, 1, 1, 2, 3),
  accelerators: fc.constantFrom(0, 0, 0, 1),
  memoryMb: fc.constantFrom(0, 0, 1024),
});

// Mostly roomy offers, so that most claims take something; now and then a tight one.
const anOffer: fc.Arbitrary<Offer> = fc.record({
  cpu: fc.option(fc.constantFrom(0, 1, 2, 4, 4, 8), { nil: null, freq: 3 }),
  accelerators: fc.option(fc.constantFrom(0, 1, 2, 2), { nil: null, freq: 2 }),
  memoryMb: fc.option(fc.constantFrom(0, 2048, 4096, 4096), { nil: null, freq: 2 }),
});

const owner = fc.constantFrom<string | null>('w1', 'w1', 'w2', 'w2', null);

/** A job as submitted or as it stands after some history; dependencies name earlier jobs of the batch. */
const jobSpec = fc.record({
  priority: fc.integer({ min: -2, max: 2 }),
  requirements,
  second: fc.boolean(),
  attempts: fc.integer({ min: 0, max: 3 }),
  maxAttempts: fc.integer({ min: 1, max: 3 }),
  dependsOn: fc.option(fc.uniqueArray(fc.nat({ max: 20 }), { minLength: 1, maxLength: 2 }), { nil: [] as number[], freq: 2 }),
  state: fc.constantFrom('pending', 'pending', 'pending', 'queued', 'running', 'completed', 'failed', 'cancelled'),
  // A claim's lease: an owner (or none) and an expiry in seconds after the start (or none); or no lease row at all.
  lease: fc.option(fc.record({ owner, expiresIn: fc.option(fc.integer({ min: 1, max: 150 }), { nil: null, freq: 2 }) }), { nil: null, freq: 4 }),
});
type JobSpec = typeof jobSpec extends fc.Arbitrary<infer T> ? T : never;

/** Who reports on a job: the lease holder, someone else, or an anonymous caller. */
const reporterKind = fc.constantFrom('holder', 'holder', 'other', 'anonymous');
const reasons = fc.constantFrom('exit code 1\nTraceback: the log tail', 'killed', `${'💥'.repeat(3)}${'x'.repeat(520)}`);

const event = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('claim' as const),
      offer: anOffer,
      claimant: fc.record({ owner, leaseSeconds: fc.option(fc.integer({ min: 10, max: 100 }), { nil: null, freq: 2 }) }),
      limit: fc.integer({ min: 1, max: 3 }),
      fit: fc.constantFrom<Fit>('each', 'together'),
      via: fc.constantFrom('queue', 'store'),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      runs: fc.array(fc.record({ pick: fc.nat(), holder: fc.constantFrom(true, true, true, false), step: fc.constantFrom('next', 'next', 'next', 'start', 'complete', 'both', 'none') }), {
        minLength: 1,
        maxLength: 2,
      }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      pick: fc.nat(),
      report: fc.constantFrom('start', 'complete', 'fail', 'fail', 'release'),
      reporter: reporterKind,
      reason: reasons,
      exitCode: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
      retryOnFailure: fc.boolean(),
      saver: fc.constantFrom('saveProgress', 'update'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renew' as const), owner: fc.constantFrom('w1', 'w2'), leaseSeconds: fc.integer({ min: 10, max: 100 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('expire' as const), limit: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('person' as const), pick: fc.nat(), action: fc.constantFrom('cancel', 'retry', 'unblock') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('terms' as const), second: fc.boolean(), requirements, maxAttempts: fc.integer({ min: 1, max: 4 }) }) },
);
type Event = typeof event extends fc.Arbitrary<infer T> ? T : never;

// Each event comes some seconds after the one before, so that leases run out now and then.
const timedEvent = fc.record({ wait: fc.integer({ min: 0, max: 60 }), event });

// ---------------------------------------------------------------------------------------------
// The model: the run's jobs as last verified, and the histories the domain says they recorded

interface Run {
  readonly store: Store;
  readonly projectId: number;
  readonly taskIds: readonly [number, number];
  /** The run's jobs as the store holds them, verified equal to the domain's after every statement. */
  state: Map<number, Job>;
  readonly history: Map<number, readonly StatusChange[]>;
  now: Date;
  /** The event being checked, for the failure message. */
  label: string;
}

const jobsOf = (run: Run): Job[] => [...run.state.values()].sort((a, b) => a.id - b.id);
const pick = <A>(items: readonly A[], n: number): A | undefined => items[n % Math.max(1, items.length)];

const readAll = async (tx: StoreTransaction, projectId: number): Promise<Map<number, Job>> =>
  new Map((await tx.jobs.list({ projectId, taskId: null, status: null, limit: 1000, offset: 0 })).map((job) => [job.id, job]));

/** The fields where two jobs differ, as `field: store …, domain …`. */
const differences = (stored: Job | undefined, expected: Job | undefined): string => {
  if (stored === undefined || expected === undefined) return `store ${stored === undefined ? 'has no such job' : 'has it'}, domain ${expected === undefined ? 'has none' : 'has it'}`;
  const a = plain(stored) as Record<string, unknown>;
  const b = plain(expected) as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((key) => !isDeepStrictEqual(a[key], b[key]))
    .map((key) => `${key}: store ${JSON.stringify(a[key])}, domain ${JSON.stringify(b[key])}`)
    .join('; ');
};

const disagree = (run: Run, what: string, detail: string): never => {
  throw new Error(`${run.label} — ${what}: ${detail}`);
};

const expectSame = (run: Run, what: string, stored: unknown, expected: unknown): void => {
  if (!isDeepStrictEqual(plain(stored), plain(expected))) disagree(run, what, `store ${JSON.stringify(plain(stored))}, domain ${JSON.stringify(plain(expected))}`);
};

/**
 * After a store statement: every job of the run is the domain's `changed` version, or as it was;
 * each changed job's history is the domain's, its latest entry `statusChange(before, after)`.
 */
const verify = async (tx: StoreTransaction, run: Run, statement: string, changed: readonly Job[]): Promise<void> => {
  const stored = await readAll(tx, run.projectId);
  const expected = new Map(run.state);
  for (const job of changed) expected.set(job.id, job);
  for (const id of new Set([...stored.keys(), ...expected.keys()])) {
    if (!isDeepStrictEqual(plain(stored.get(id)), plain(expected.get(id)))) {
      disagree(run, `${statement}, job ${id} (was ${run.state.get(id)?.status ?? 'absent'})`, differences(stored.get(id), expected.get(id)));
    }
  }
  for (const job of changed) {
    const before = run.state.get(job.id)!;
    const change = statusChange(before, job);
    const history = change === null ? run.history.get(job.id) ?? [] : withStatusChange(run.history.get(job.id) ?? [], change);
    run.history.set(job.id, history);
    const storedHistory = (await tx.jobs.history(job.id)) ?? [];
    const what = `${statement}, history of job ${job.id} (${before.status} → ${job.status})`;
    expectSame(run, `${what}, latest entry`, storedHistory.at(-1) ?? null, history.at(-1) ?? null);
    expectSame(run, what, storedHistory, history);
  }
  run.state = stored;
};

/** Ids of the jobs depending on `roots`, directly or transitively, whatever their status. */
const downstreamOf = (jobs: readonly Job[], roots: readonly number[]): Set<number> => {
  const found = new Set<number>();
  const frontier = [...roots];
  while (frontier.length > 0) {
    const at = frontier.pop()!;
    for (const job of jobs) {
      if (job.dependencies.includes(at) && !found.has(job.id)) {
        found.add(job.id);
        frontier.push(job.id);
      }
    }
  }
  return found;
};

const stops = (status: JobStatus): boolean => status === 'FAILED' || status === 'CANCELLED';

// ---------------------------------------------------------------------------------------------
// The DAG's consequences of a transition, statement by statement, as job-graph's saveTransition has them

/** `satisfyDependents`: each direct dependent has one unmet dependency fewer per completed job it waits on. */
const satisfy = async (tx: StoreTransaction, run: Run, completed: readonly number[]): Promise<void> => {
  if (completed.length === 0) return;
  const now = run.now;
  const done = new Set(completed);
  const changed = jobsOf(run)
    .filter((job) => job.dependencies.some((d) => done.has(d)))
    .map((job) => ({ ...job, unmetDependencies: Math.max(0, job.unmetDependencies - job.dependencies.filter((d) => done.has(d)).length), updatedAt: now }));
  const ready = await tx.jobs.satisfyDependents(completed, now);
  await verify(tx, run, `satisfyDependents(${JSON.stringify(completed)})`, changed);
  expectSame(run, 'satisfyDependents: dependents made ready', ready, changed.filter((job) => job.status === 'PENDING' && job.unmetDependencies === 0).map((job) => job.id).sort((a, b) => a - b));
};

/** `blockDependents`: every PENDING job downstream of the roots takes the domain's `block`. */
const blockDownstream = async (tx: StoreTransaction, run: Run, root: number, blocker: number): Promise<void> => {
  const downstream = downstreamOf(jobsOf(run), [root]);
  const changed = jobsOf(run)
    .filter((job) => downstream.has(job.id) && job.status === 'PENDING')
    .map((job) => right(block(job, blocker, run.now)));
  const blocked = await tx.jobs.blockDependents([root], blocker, blockedReason(blocker), run.now);
  await verify(tx, run, `blockDependents([${root}], ${blocker})`, changed);
  expectSame(run, 'blockDependents: the blocked ids', blocked, changed.map((job) => job.id));
};

/** A job back from FAILED/CANCELLED/BLOCKED: its blocked dependents are re-evaluated (the domain's `unblock`) and saved with updateMany. */
const reevaluate = async (tx: StoreTransaction, run: Run, job: Job): Promise<void> => {
  const jobs = jobsOf(run);
  const downstream = downstreamOf(jobs, [job.id]);
  const dependents = jobs.filter((j) => downstream.has(j.id));
  expectSame(run, `transitiveDependents(${job.id})`, await tx.jobs.transitiveDependents(job.id), dependents);
  if (dependents.length === 0) return;
  const changed = reevaluateDependents(job, dependents, run.state, run.now);
  await tx.jobs.updateMany(changed);
  await verify(tx, run, `updateMany of the re-evaluated dependents of ${job.id}`, changed);
};

const saveTransition = async (tx: StoreTransaction, run: Run, before: Job, next: Job, saver: 'saveProgress' | 'update'): Promise<void> => {
  if (saver === 'saveProgress') await tx.queue.saveProgress([next]);
  else await tx.jobs.update(next);
  await verify(tx, run, `${saver} of job ${next.id}`, [next]);
  if (next.status === before.status) return;
  if (next.status === 'COMPLETED') await satisfy(tx, run, [next.id]);
  else if ((stops(before.status) || before.status === 'BLOCKED') && (next.status === 'PENDING' || next.status === 'BLOCKED')) await reevaluate(tx, run, next);
  else if (stops(next.status) || next.status === 'BLOCKED') {
    const root = next.status === 'BLOCKED' ? (next.blockedBy ?? next.id) : next.id;
    await blockDownstream(tx, run, next.id, root);
  }
};

// ---------------------------------------------------------------------------------------------
// Events

const claimEvent = async (run: Run, e: Extract<Event, { kind: 'claim' }>): Promise<void> => {
  const claimant: Claimant = e.claimant;
  const request = { projectId: run.projectId, offer: e.offer, fit: e.fit, claimant, now: run.now };
  const ready = jobsOf(run)
    .filter((job) => job.status === 'PENDING' && job.unmetDependencies === 0)
    .sort(claimOrder);
  const expected = packInOrder(ready, e.offer, e.limit, e.fit).map((job) => right(claim(job, claimant, run.now)));
  const claimed =
    e.via === 'store'
      ? (await run.store.claim(request, e.limit, false)).claimed.map(({ job }) => job)
      : await inTx(run.store, (tx) => tx.queue.claim(request, e.limit));
  await inTx(run.store, async (tx) => {
    const statement = e.via === 'store' ? 'Store.claim' : 'queue.claim';
    expectSame(run, `${statement}: the ids claimed, in claim order (packInOrder over the ready jobs)`, claimed.map((job) => job.id), expected.map((job) => job.id));
    claimed.forEach((job, index) => {
      if (!isDeepStrictEqual(plain(job), plain(expected[index]))) disagree(run, `${statement}: claimed job ${job.id}`, differences(job, expected[index]));
    });
    await verify(tx, run, statement, expected);
  });
};

const advanceEvent = (tx: StoreTransaction, run: Run, e: Extract<Event, { kind: 'advance' }>): Promise<void> => {
  // Mostly claimed jobs: the happy path's.
  const claimed = jobsOf(run).filter((job) => job.status === 'QUEUED' || job.status === 'RUNNING');
  const runs = new Map<number, { id: number; owner: string; start: boolean; complete: boolean }>();
  for (const r of e.runs) {
    const job = pick(claimed.length > 0 && r.pick % 6 !== 0 ? claimed : jobsOf(run), r.pick);
    if (job === undefined || runs.has(job.id)) continue;
    // `next`: what the job's status expects (a start when QUEUED, a completion when RUNNING).
    const next = r.step === 'next' ? (job.status === 'QUEUED' ? 'start' : 'complete') : r.step;
    const holder = r.holder ? (job.lease?.owner ?? 'w1') : job.lease?.owner === 'w2' ? 'w1' : 'w2';
    runs.set(job.id, { id: job.id, owner: holder, start: next === 'start' || next === 'both', complete: next === 'complete' || next === 'both' });
  }
  return (async () => {
    const changed: Job[] = [];
    for (const r of runs.values()) {
      let next: E.Either<TransitionError, Job> = E.right(run.state.get(r.id)!);
      if (r.start) next = E.chain((job: Job) => start(job, r.owner, run.now))(next);
      if (r.complete) next = E.chain((job: Job) => complete(job, r.owner, run.now))(next);
      if (E.isRight(next) && (r.start || r.complete)) changed.push(next.right);
    }
    const advanced = await tx.queue.advanceLeasedRuns([...runs.values()], run.now);
    expectSame(
      run,
      `advanceLeasedRuns(${JSON.stringify([...runs.values()])}): the advanced runs`,
      // Their follow-up flags are run-contract.ts's to check.
      advanced.map(({ id, projectId, taskId, startedAt }) => ({ id, projectId, taskId, startedAt })),
      changed.map((job) => ({ id: job.id, projectId: job.projectId, taskId: job.taskId, startedAt: job.startedAt })).sort((a, b) => a.id - b.id),
    );
    await verify(tx, run, 'advanceLeasedRuns', changed);
    await satisfy(
      tx,
      run,
      changed.filter((job) => job.status === 'COMPLETED').map((job) => job.id),
    );
  })();
};

const reportEvent = async (tx: StoreTransaction, run: Run, e: Extract<Event, { kind: 'report' }>): Promise<void> => {
  const claimed = jobsOf(run).filter((job) => job.status === 'QUEUED' || job.status === 'RUNNING');
  const job = pick(claimed.length > 0 && e.pick % 4 !== 0 ? claimed : jobsOf(run), e.pick);
  if (job === undefined) return;
  const reporter: Reporter = e.reporter === 'holder' ? (job.lease?.owner ?? null) : e.reporter === 'other' ? 'w9' : null;
  const now = run.now;
  const next =
    e.report === 'start'
      ? start(job, reporter, now)
      : e.report === 'complete'
        ? complete(job, reporter, now)
        : e.report === 'release'
          ? release(job, reporter, now)
          : fail(job, reporter, { reason: e.reason, exitCode: e.exitCode }, e.retryOnFailure, now);
  // A refused report saves nothing: the use case answers the refusal.
  if (E.isRight(next)) await saveTransition(tx, run, job, next.right, e.saver as 'saveProgress' | 'update');
};

const renewEvent = async (tx: StoreTransaction, run: Run, e: Extract<Event, { kind: 'renew' }>): Promise<void> => {
  const held = jobsOf(run).filter((job) => (job.status === 'QUEUED' || job.status === 'RUNNING') && job.lease !== null && job.lease.owner === e.owner);
  // A claim taken without a lease keeps no expiry (the port's renewLeases).
  const changed = held.filter((job) => job.lease?.expiresAt != null).map((job) => right(renewLease(job, e.owner, e.leaseSeconds, run.now)));
  const ids = await tx.queue.renewLeases(e.owner, after(e.leaseSeconds, run.now), run.now);
  expectSame(run, `renewLeases(${e.owner}): the held jobs`, ids, held.map((job) => job.id));
  await verify(tx, run, `renewLeases(${e.owner})`, changed);
};

const expireEvent = async (tx: StoreTransaction, run: Run, e: Extract<Event, { kind: 'expire' }>): Promise<void> => {
  const now = run.now;
  const expired = jobsOf(run)
    .filter((job) => (job.status === 'QUEUED' || job.status === 'RUNNING') && job.lease?.expiresAt != null && job.lease.expiresAt.getTime() <= now.getTime())
    .sort((a, b) => a.lease!.expiresAt!.getTime() - b.lease!.expiresAt!.getTime() || a.id - b.id)
    .slice(0, e.limit);
  const locked = await tx.queue.lockExpiredLeases(now, e.limit);
  expectSame(run, `lockExpiredLeases(limit ${e.limit})`, locked, expired);
  // As ExpireLeases: each in turn, from the job as locked.
  for (const job of locked) {
    const next = expireLease(job, now);
    if (E.isRight(next)) await saveTransition(tx, run, run.state.get(job.id)!, next.right, 'update');
  }
};

const personEvent = async (tx: StoreTransaction, run: Run, e: Extract<Event, { kind: 'person' }>): Promise<void> => {
  const wanted: readonly JobStatus[] = e.action === 'cancel' ? ['PENDING', 'QUEUED', 'RUNNING', 'BLOCKED'] : e.action === 'retry' ? ['FAILED', 'CANCELLED'] : ['BLOCKED'];
  const candidates = jobsOf(run).filter((job) => wanted.includes(job.status));
  const job = pick(candidates.length > 0 ? candidates : jobsOf(run), e.pick);
  if (job === undefined) return;
  const dependencies = job.dependencies.map((d) => run.state.get(d)).filter((d) => d !== undefined);
  const next =
    e.action === 'cancel' ? cancel(job, run.now, 'cancelled by a person') : e.action === 'retry' ? retry(job, readiness(dependencies), run.now) : unblock(job, readiness(dependencies), run.now);
  if (E.isRight(next)) await saveTransition(tx, run, job, next.right, 'update');
};

const termsEvent = async (tx: StoreTransaction, run: Run, e: Extract<Event, { kind: 'terms' }>): Promise<void> => {
  const taskId = run.taskIds[e.second ? 1 : 0];
  const terms: Requirements = e.requirements;
  const changed = jobsOf(run)
    .filter((job) => job.taskId === taskId && (job.status === 'PENDING' || job.status === 'BLOCKED'))
    .map((job) => ({ ...job, requirements: terms, maxAttempts: e.maxAttempts, updatedAt: run.now }));
  await tx.jobs.updateUnclaimedJobsOfTask(taskId, terms, e.maxAttempts, run.now);
  await verify(tx, run, `updateUnclaimedJobsOfTask(task ${taskId})`, changed);
};

const apply = async (run: Run, e: Event): Promise<void> => {
  if (e.kind === 'claim') return claimEvent(run, e);
  await inTx(run.store, async (tx) => {
    switch (e.kind) {
      case 'advance':
        return advanceEvent(tx, run, e);
      case 'report':
        return reportEvent(tx, run, e);
      case 'renew':
        return renewEvent(tx, run, e);
      case 'expire':
        return expireEvent(tx, run, e);
      case 'person':
        return personEvent(tx, run, e);
      case 'terms':
        return termsEvent(tx, run, e);
    }
  });
};

// ---------------------------------------------------------------------------------------------
// The jobs a run starts from

const submitted = (specs: readonly JobSpec[], projectId: number, taskIds: readonly [number, number]): NewJob[] => {
  const made: NewJob[] = [];
  specs.forEach((spec, index) => {
    const dependsOn = index === 0 ? [] : [...new Set(spec.dependsOn.map((n) => n % index))].sort((a, b) => a - b);
    const where = readiness(dependsOn.map((d) => ({ id: d, status: made[d]!.status, blockedBy: made[d]!.blockedBy })));
    // A job whose dependencies are not all COMPLETED cannot have been claimed yet.
    const state = where.unmetDependencies > 0 ? 'pending' : spec.state;
    const claimed = state === 'queued' || state === 'running';
    const base = newJob(projectId, taskIds[spec.second ? 1 : 0]!, {
      name: `job ${index}`,
      priority: spec.priority,
      requirements: spec.requirements,
      attempts: claimed ? Math.max(1, spec.attempts) : spec.attempts,
      maxAttempts: spec.maxAttempts,
      dependencies: dependsOn.map(onBatch),
      unmetDependencies: where.unmetDependencies,
    });
    const lease = claimed && spec.lease !== null ? { owner: spec.lease.owner, expiresAt: spec.lease.expiresIn === null ? null : after(spec.lease.expiresIn) } : null;
    const at = after(0);
    const job: NewJob =
      state === 'pending'
        ? where.blockedBy === null
          ? base
          : { ...base, status: 'BLOCKED', blockedBy: where.blockedBy, failureReason: blockedReason(where.blockedBy) }
        : state === 'queued'
          ? { ...base, status: 'QUEUED', lease }
          : state === 'running'
            ? { ...base, status: 'RUNNING', lease, startedAt: at }
            : state === 'completed'
              ? { ...base, status: 'COMPLETED', exitCode: 0, startedAt: at, finishedAt: at }
              : state === 'failed'
                ? { ...base, status: 'FAILED', exitCode: 1, failureReason: 'exit code 1', startedAt: at, finishedAt: at }
                : { ...base, status: 'CANCELLED', failureReason: 'cancelled', finishedAt: at };
    made.push(job);
  });
  return made;
};

// Cases random runs found once, kept so that every run checks them.
const pendingSpec = (priority: number, cpu: JobSpec['requirements']['cpu']): JobSpec => ({
  priority,
  requirements: { cpu, accelerators: 0, memoryMb: 0 },
  second: false,
  attempts: 0,
  maxAttempts: 1,
  dependsOn: [],
  state: 'pending',
  lease: null,
});
const claimBy = (owner: string, offer: Offer, limit: number, fit: Fit): Event => ({
  kind: 'claim',
  offer,
  claimant: { owner, leaseSeconds: null },
  limit,
  fit,
  via: 'queue',
});
const EXAMPLES: [JobSpec[], { wait: number; event: Event }[]][] = [
  // A heartbeat must not give a claim taken without a lease an expiry.
  [[pendingSpec(0, 0)], [{ wait: 0, event: claimBy('w2', { cpu: null, accelerators: null, memoryMb: null }, 1, 'each') }, { wait: 5, event: { kind: 'renew', owner: 'w2', leaseSeconds: 10 } }]],
  // Jobs that fit together: one passed over (3 + 3 > 4 cpus) must not stop a smaller one behind it.
  [[pendingSpec(0, 3), pendingSpec(0, 0), pendingSpec(1, 3)], [{ wait: 0, event: claimBy('w1', { cpu: 4, accelerators: null, memoryMb: null }, 2, 'together') }]],
];

/** Each job's status, all fields and history agree with the domain's after every store statement (property). */
export const transitionAgreementContract = (check: Check): void => {
  check('every transition statement saves the job and the history entry the domain transition gives (property)', async (t, store) => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(jobSpec, { minLength: 2, maxLength: 10 }), fc.array(timedEvent, { minLength: 4, maxLength: 16 }), async (specs, events) => {
        runs += 1;
        const { projectId, taskIds, state } = await inTx(store, async (tx) => {
          const { project, task } = await seed(tx, `agreement ${runs}`);
          const other = right(await tx.tasks.insert(newTask(project.id, 'evaluate')));
          const taskIds = [task.id, other.id] as const;
          await tx.jobs.insert(submitted(specs, project.id, taskIds));
          return { projectId: project.id, taskIds, state: await readAll(tx, project.id) };
        });
        const run: Run = { store, projectId, taskIds, state, history: new Map([...state.keys()].map((id) => [id, []])), now: after(0), label: '' };
        try {
          for (const [index, { wait, event: e }] of events.entries()) {
            run.now = after(wait, run.now);
            run.label = `event ${index + 1} of ${events.length} at T0+${(run.now.getTime() - after(0).getTime()) / 1000}s, ${JSON.stringify(e)}`;
            await apply(run, e);
          }
          // Nothing recorded a change the domain did not make.
          run.label = 'after the last event';
          await inTx(store, async (tx) => {
            for (const id of run.state.keys()) expectSame(run, `history of job ${id}`, await tx.jobs.history(id), run.history.get(id));
          });
        } finally {
          // Leases and owners are global: the next run must not meet this one's jobs.
          await inTx(store, async (tx) => tx.jobs.delete([...(await readAll(tx, projectId)).keys()]));
        }
      }),
      // 30 runs keep it to seconds per store; AGREEMENT_RUNS=1000 searches deeper.
      { numRuns: Number(process.env.AGREEMENT_RUNS ?? 30), includeErrorInReport: true, examples: EXAMPLES },
    );
    t.pass();
  });
};
