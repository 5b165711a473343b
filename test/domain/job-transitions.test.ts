import test, { type ExecutionContext } from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import type { Job } from '../../src/domain/job.js';
import { JOB_STATUSES, type JobStatus } from '../../src/domain/job-status.js';
import {
  block,
  blockedReason,
  cancel,
  claim,
  complete,
  expireLease,
  fail,
  isLeaseExpired,
  readiness,
  release,
  renewLease,
  requestStatus,
  retry,
  start,
  unblock,
  type Readiness,
  type TransitionError,
} from '../../src/domain/job-transitions.js';
import { jobIn, LATER, makeJob, NOW, OWNER, seconds } from './job-fixture.js';

const ID = 4242;
type Result = E.Either<TransitionError, Job>;

/** One transition, the statuses it is legal from, and the fields it changes there. */
interface Case {
  readonly name: string;
  /** Adjusts the fixture of each status before the transition (e.g. a lease that ran out). */
  readonly prepare?: (job: Job) => Job;
  readonly run: (job: Job) => Result;
  readonly legal: readonly JobStatus[];
  /** What an IllegalTransition must name as the request. */
  readonly request: (from: JobStatus) => string;
  /** Every field that changes; all the others must stay as they were. */
  readonly changes?: (before: Job) => Partial<Job>;
}

const ready: Readiness = { unmetDependencies: 2, blockedBy: null };
const stillBlocked: Readiness = { unmetDependencies: 1, blockedBy: 9 };
const requestContext = { readiness: { unmetDependencies: 0, blockedBy: null }, retryOnFailure: false, reason: null, claimSeconds: 3_600 };

const retryChanges = (r: Readiness) => (): Partial<Job> => ({
  status: r.blockedBy === null ? 'PENDING' : 'BLOCKED',
  unmetDependencies: r.unmetDependencies,
  blockedBy: r.blockedBy,
  failureReason: r.blockedBy === null ? null : `blocked by job ${r.blockedBy}`,
  attempts: 0,
  lease: null,
  exitCode: null,
  startedAt: null,
  finishedAt: null,
  updatedAt: LATER,
});

const unblockChanges = (r: Readiness) => (): Partial<Job> => ({
  status: r.blockedBy === null ? 'PENDING' : 'BLOCKED',
  unmetDependencies: r.unmetDependencies,
  blockedBy: r.blockedBy,
  failureReason: r.blockedBy === null ? null : `blocked by job ${r.blockedBy}`,
  updatedAt: LATER,
});

const fixed = (request: string) => (): string => request;

const cases: readonly Case[] = [
  {
    name: 'claim with a 120 s lease',
    run: (job) => claim(job, { owner: 'w2', leaseSeconds: 120 }, LATER),
    legal: ['PENDING'],
    request: fixed('claim'),
    changes: (before) => ({
      status: 'QUEUED',
      attempts: before.attempts + 1,
      lease: { owner: 'w2', expiresAt: new Date('2026-01-01T00:02:30Z') },
      updatedAt: LATER,
    }),
  },
  {
    name: 'claim without owner or expiry',
    run: (job) => claim(job, { owner: null, leaseSeconds: null }, LATER),
    legal: ['PENDING'],
    request: fixed('claim'),
    changes: (before) => ({ status: 'QUEUED', attempts: before.attempts + 1, lease: { owner: null, expiresAt: null }, updatedAt: LATER }),
  },
  {
    name: 'start by the lease owner',
    run: (job) => start(job, OWNER, LATER),
    legal: ['QUEUED'],
    request: fixed('start'),
    changes: () => ({ status: 'RUNNING', startedAt: LATER, updatedAt: LATER }),
  },
  {
    name: 'complete by the lease owner',
    run: (job) => complete(job, OWNER, LATER),
    legal: ['RUNNING'],
    request: fixed('complete'),
    changes: () => ({ status: 'COMPLETED', exitCode: 0, lease: null, finishedAt: LATER, updatedAt: LATER }),
  },
  {
    name: 'fail without retryOnFailure (attempts remain)',
    prepare: (job) => ({ ...job, attempts: 1, maxAttempts: 3 }),
    run: (job) => fail(job, OWNER, { reason: 'exit 3', exitCode: 3 }, false, LATER),
    legal: ['QUEUED', 'RUNNING'],
    request: fixed('fail'),
    changes: () => ({ status: 'FAILED', exitCode: 3, failureReason: 'exit 3', lease: null, finishedAt: LATER, updatedAt: LATER }),
  },
  {
    name: 'fail with retryOnFailure and attempts remaining',
    prepare: (job) => ({ ...job, attempts: 2, maxAttempts: 3 }),
    run: (job) => fail(job, OWNER, { reason: 'exit 3', exitCode: 3 }, true, LATER),
    legal: ['QUEUED', 'RUNNING'],
    request: fixed('fail'),
    changes: () => ({ status: 'PENDING', exitCode: 3, failureReason: 'exit 3', lease: null, startedAt: null, finishedAt: null, updatedAt: LATER }),
  },
  {
    name: 'fail with retryOnFailure and no attempt left',
    prepare: (job) => ({ ...job, attempts: 3, maxAttempts: 3 }),
    run: (job) => fail(job, OWNER, { reason: 'executor refused it', exitCode: null }, true, LATER),
    legal: ['QUEUED', 'RUNNING'],
    request: fixed('fail'),
    changes: () => ({
      status: 'FAILED',
      exitCode: null,
      failureReason: 'executor refused it',
      lease: null,
      finishedAt: LATER,
      updatedAt: LATER,
    }),
  },
  {
    name: 'cancel with the default reason',
    run: (job) => cancel(job, LATER),
    legal: ['PENDING', 'QUEUED', 'RUNNING', 'BLOCKED'],
    request: fixed('cancel'),
    changes: () => ({ status: 'CANCELLED', lease: null, failureReason: 'cancelled', finishedAt: LATER, updatedAt: LATER }),
  },
  {
    name: 'cancel with a reason',
    run: (job) => cancel(job, LATER, 'stopped by alice'),
    legal: ['PENDING', 'QUEUED', 'RUNNING', 'BLOCKED'],
    request: fixed('cancel'),
    changes: () => ({ status: 'CANCELLED', lease: null, failureReason: 'stopped by alice', finishedAt: LATER, updatedAt: LATER }),
  },
  {
    name: 'retry with dependencies that do not block',
    run: (job) => retry(job, ready, LATER),
    legal: ['FAILED', 'CANCELLED'],
    request: fixed('retry'),
    changes: retryChanges(ready),
  },
  {
    name: 'retry with a dependency that failed',
    run: (job) => retry(job, stillBlocked, LATER),
    legal: ['FAILED', 'CANCELLED'],
    request: fixed('retry'),
    changes: retryChanges(stillBlocked),
  },
  {
    name: 'release by the lease owner',
    run: (job) => release(job, OWNER, LATER),
    legal: ['QUEUED', 'RUNNING'],
    request: fixed('release'),
    changes: (before) => ({ status: 'PENDING', attempts: before.attempts - 1, lease: null, startedAt: null, updatedAt: LATER }),
  },
  {
    name: 'renewLease by the lease owner',
    run: (job) => renewLease(job, OWNER, 300, LATER),
    legal: ['QUEUED', 'RUNNING'],
    request: fixed('renew the lease of'),
    changes: () => ({ lease: { owner: OWNER, expiresAt: new Date('2026-01-01T00:05:30Z') }, updatedAt: LATER }),
  },
  {
    name: 'expireLease with an expired lease and attempts remaining',
    prepare: (job) => ({ ...job, attempts: 1, maxAttempts: 3, lease: { owner: OWNER, expiresAt: NOW } }),
    run: (job) => expireLease(job, LATER),
    legal: ['QUEUED', 'RUNNING'],
    request: fixed('expire its lease'),
    changes: () => ({
      status: 'PENDING',
      lease: null,
      failureReason: "lease of 'w1' expired (attempt 1 of 3)",
      startedAt: null,
      finishedAt: null,
      updatedAt: LATER,
    }),
  },
  {
    name: 'expireLease with an expired lease and no attempt left',
    prepare: (job) => ({ ...job, attempts: 3, maxAttempts: 3, lease: { owner: OWNER, expiresAt: NOW } }),
    run: (job) => expireLease(job, LATER),
    legal: ['QUEUED', 'RUNNING'],
    request: fixed('expire its lease'),
    changes: () => ({
      status: 'FAILED',
      lease: null,
      failureReason: "lease of 'w1' expired (attempt 3 of 3)",
      startedAt: null,
      finishedAt: LATER,
      updatedAt: LATER,
    }),
  },
  {
    name: 'expireLease with a lease not yet expired',
    prepare: (job) => ({ ...job, lease: { owner: OWNER, expiresAt: seconds(LATER, 1) } }),
    run: (job) => expireLease(job, LATER),
    legal: [],
    request: fixed('expire its lease'),
  },
  {
    name: 'expireLease with a lease without expiry',
    prepare: (job) => ({ ...job, lease: { owner: OWNER, expiresAt: null } }),
    run: (job) => expireLease(job, LATER),
    legal: [],
    request: fixed('expire its lease'),
  },
  {
    name: 'block',
    run: (job) => block(job, 42, LATER),
    legal: ['PENDING'],
    request: fixed('block'),
    changes: () => ({ status: 'BLOCKED', blockedBy: 42, failureReason: 'blocked by job 42', updatedAt: LATER }),
  },
  {
    name: 'unblock with dependencies that do not block',
    run: (job) => unblock(job, ready, LATER),
    legal: ['BLOCKED'],
    request: fixed('unblock'),
    changes: unblockChanges(ready),
  },
  {
    name: 'unblock while another failure holds it',
    run: (job) => unblock(job, stillBlocked, LATER),
    legal: ['BLOCKED'],
    request: fixed('unblock'),
    changes: unblockChanges(stillBlocked),
  },
  {
    name: 'requestStatus QUEUED',
    run: (job) => requestStatus(job, 'QUEUED', requestContext, LATER),
    legal: ['PENDING'],
    request: fixed('set it to QUEUED'),
    changes: (before) => ({ status: 'QUEUED', attempts: before.attempts + 1, lease: { owner: null, expiresAt: new Date(LATER.getTime() + 3_600_000) }, updatedAt: LATER }),
  },
  {
    name: 'requestStatus RUNNING',
    run: (job) => requestStatus(job, 'RUNNING', requestContext, LATER),
    legal: ['QUEUED'],
    request: fixed('set it to RUNNING'),
    changes: () => ({ status: 'RUNNING', startedAt: LATER, updatedAt: LATER }),
  },
  {
    name: 'requestStatus COMPLETED',
    run: (job) => requestStatus(job, 'COMPLETED', requestContext, LATER),
    legal: ['RUNNING'],
    request: fixed('set it to COMPLETED'),
    changes: () => ({ status: 'COMPLETED', exitCode: 0, lease: null, finishedAt: LATER, updatedAt: LATER }),
  },
  {
    name: 'requestStatus FAILED',
    run: (job) => requestStatus(job, 'FAILED', requestContext, LATER),
    legal: ['QUEUED', 'RUNNING'],
    request: fixed('set it to FAILED'),
    changes: (before) => ({
      status: 'FAILED',
      exitCode: null,
      failureReason: `set to FAILED from ${before.status}`,
      lease: null,
      finishedAt: LATER,
      updatedAt: LATER,
    }),
  },
  {
    name: 'requestStatus CANCELLED',
    run: (job) => requestStatus(job, 'CANCELLED', requestContext, LATER),
    legal: ['PENDING', 'QUEUED', 'RUNNING', 'BLOCKED'],
    request: fixed('set it to CANCELLED'),
    changes: () => ({ status: 'CANCELLED', lease: null, failureReason: 'cancelled', finishedAt: LATER, updatedAt: LATER }),
  },
  {
    name: 'requestStatus PENDING',
    run: (job) => requestStatus(job, 'PENDING', requestContext, LATER),
    legal: ['BLOCKED', 'FAILED', 'CANCELLED'],
    request: fixed('set it to PENDING'),
    changes: (before) =>
      before.status === 'BLOCKED' ? unblockChanges(requestContext.readiness)() : retryChanges(requestContext.readiness)(),
  },
  {
    name: 'requestStatus BLOCKED',
    run: (job) => requestStatus(job, 'BLOCKED', requestContext, LATER),
    legal: [],
    request: fixed('set it to BLOCKED'),
  },
];

const targetOf = (name: string): JobStatus | undefined => {
  const match = /^requestStatus (\w+)$/.exec(name);
  return match === null ? undefined : (match[1] as JobStatus);
};

const expectIllegal = (t: ExecutionContext, job: Job, result: Result, request: string): void => {
  if (E.isRight(result)) {
    t.fail(`expected IllegalTransition, got ${result.right.status}`);
    return;
  }
  t.like(result.left, { _tag: 'IllegalTransition', jobId: ID, from: job.status, request });
  t.true(
    result.left.message.startsWith(`Job ${ID} is ${job.status}: cannot ${request}`),
    `message names the job, its state and the request: ${result.left.message}`,
  );
};

for (const from of JOB_STATUSES) {
  for (const c of cases) {
    const target = targetOf(c.name);
    const sameStatus = target === from;
    const legal = c.legal.includes(from);
    test(`${c.name} from ${from} is ${sameStatus ? 'a no-op' : legal ? 'legal' : 'refused'}`, (t) => {
      const prepared = jobIn(from, { id: ID });
      const before = c.prepare ? c.prepare(prepared) : prepared;
      const frozen = structuredClone(before);
      const result = c.run(before);
      t.deepEqual(before, frozen, 'the input job is never mutated');
      if (sameStatus) {
        t.true(E.isRight(result));
        if (E.isRight(result)) t.is(result.right, before);
      } else if (legal) {
        if (E.isLeft(result)) {
          t.fail(result.left.message);
          return;
        }
        t.deepEqual(result.right, { ...before, ...c.changes!(before) });
      } else {
        expectIllegal(t, before, result, c.request(from));
      }
    });
  }
}

// ---------------------------------------------------------------- claim details

test('claim refuses a PENDING job whose dependencies are unmet and says why', (t) => {
  const result = claim(jobIn('PENDING', { id: ID, unmetDependencies: 2 }), { owner: 'w1', leaseSeconds: 60 }, LATER);
  t.true(E.isLeft(result));
  if (E.isLeft(result)) {
    t.like(result.left, { _tag: 'IllegalTransition', jobId: ID, from: 'PENDING', request: 'claim' });
    t.is(result.left.message, `Job ${ID} is PENDING: cannot claim (waiting for 2 dependencies).`);
  }
});

test('claim computes the lease expiry from now + leaseSeconds', (t) => {
  const result = claim(makeJob(), { owner: 'w9', leaseSeconds: 1 }, new Date('2026-03-04T05:06:07.500Z'));
  t.deepEqual(E.map((j: Job) => j.lease)(result), E.right({ owner: 'w9', expiresAt: new Date('2026-03-04T05:06:08.500Z') }));
});

test('renewLease computes the new expiry from now, not from the old expiry', (t) => {
  const job = jobIn('RUNNING', { lease: { owner: OWNER, expiresAt: seconds(NOW, 1000) } });
  const result = renewLease(job, OWNER, 10, NOW);
  t.deepEqual(E.map((j: Job) => j.lease)(result), E.right({ owner: OWNER, expiresAt: seconds(NOW, 10) }));
});

// ---------------------------------------------------------------- lease rules

const reports: readonly { name: string; status: JobStatus; run: (job: Job, reporter: string | null) => Result }[] = [
  { name: 'start', status: 'QUEUED', run: (job, reporter) => start(job, reporter, LATER) },
  { name: 'complete', status: 'RUNNING', run: (job, reporter) => complete(job, reporter, LATER) },
  { name: 'fail', status: 'RUNNING', run: (job, reporter) => fail(job, reporter, { reason: 'x', exitCode: 1 }, false, LATER) },
  { name: 'fail from QUEUED', status: 'QUEUED', run: (job, reporter) => fail(job, reporter, { reason: 'x', exitCode: null }, true, LATER) },
  { name: 'release', status: 'RUNNING', run: (job, reporter) => release(job, reporter, LATER) },
  { name: 'release from QUEUED', status: 'QUEUED', run: (job, reporter) => release(job, reporter, LATER) },
];

for (const r of reports) {
  test(`${r.name}: a reporter that does not own the lease gets LeaseLost`, (t) => {
    const result = r.run(jobIn(r.status, { id: ID }), 'intruder');
    t.true(E.isLeft(result));
    if (E.isLeft(result)) {
      t.deepEqual(result.left, {
        _tag: 'LeaseLost',
        jobId: ID,
        reporter: 'intruder',
        message: `Job ${ID} is leased to 'w1', not to 'intruder'.`,
      });
    }
  });

  test(`${r.name}: a worker reporting on a job whose lease is gone gets LeaseLost`, (t) => {
    const result = r.run(jobIn(r.status, { id: ID, lease: null }), OWNER);
    t.true(E.isLeft(result));
    if (E.isLeft(result)) {
      t.is(result.left._tag, 'LeaseLost');
      t.is(result.left.message, `Job ${ID} is not leased to 'w1': its lease was lost.`);
    }
  });

  test(`${r.name}: an anonymous reporter is accepted even when a worker holds the lease`, (t) => {
    const result = r.run(jobIn(r.status, { id: ID }), null);
    t.true(E.isRight(result));
  });

  test(`${r.name}: the lease owner is accepted`, (t) => {
    t.true(E.isRight(r.run(jobIn(r.status, { id: ID }), OWNER)));
  });
}

test('renewLease by another worker gets LeaseLost', (t) => {
  const result = renewLease(jobIn('RUNNING', { id: ID }), 'intruder', 60, LATER);
  t.true(E.isLeft(result));
  if (E.isLeft(result)) t.like(result.left, { _tag: 'LeaseLost', jobId: ID, reporter: 'intruder' });
});

test('renewLease of an anonymous claim by a named worker gets LeaseLost', (t) => {
  const result = renewLease(jobIn('QUEUED', { id: ID, lease: { owner: null, expiresAt: null } }), OWNER, 60, LATER);
  t.true(E.isLeft(result));
  if (E.isLeft(result)) t.is(result.left._tag, 'LeaseLost');
});

test('the state is checked before the lease: completing a QUEUED job as a stranger is an IllegalTransition', (t) => {
  const result = complete(jobIn('QUEUED', { id: ID }), 'intruder', LATER);
  t.true(E.isLeft(result));
  if (E.isLeft(result)) t.is(result.left._tag, 'IllegalTransition');
});

// ---------------------------------------------------------------- lease expiry

test('isLeaseExpired: expiry at now counts as expired, one millisecond later does not', (t) => {
  t.true(isLeaseExpired(jobIn('RUNNING', { lease: { owner: OWNER, expiresAt: NOW } }), NOW));
  t.false(isLeaseExpired(jobIn('RUNNING', { lease: { owner: OWNER, expiresAt: new Date(NOW.getTime() + 1) } }), NOW));
  t.true(isLeaseExpired(jobIn('QUEUED', { lease: { owner: OWNER, expiresAt: NOW } }), LATER));
});

test('isLeaseExpired: no lease, no expiry or an unclaimed status is never expired', (t) => {
  t.false(isLeaseExpired(jobIn('RUNNING', { lease: null }), LATER));
  t.false(isLeaseExpired(jobIn('RUNNING', { lease: { owner: OWNER, expiresAt: null } }), LATER));
  for (const status of ['PENDING', 'COMPLETED', 'FAILED', 'BLOCKED', 'CANCELLED'] as const) {
    t.false(isLeaseExpired(jobIn(status, { lease: { owner: OWNER, expiresAt: NOW } }), LATER), status);
  }
});

test('expireLease of a claim without a lease says so', (t) => {
  const result = expireLease(jobIn('QUEUED', { attempts: 1, lease: { owner: null, expiresAt: NOW } }), LATER);
  t.deepEqual(
    E.map((j: Job) => j.failureReason)(result),
    E.right('claim without a lease expired (attempt 1 of 3)'),
  );
});

test('expireLease refusal says that there is no expired lease', (t) => {
  const result = expireLease(jobIn('RUNNING', { id: ID }), NOW);
  t.true(E.isLeft(result));
  if (E.isLeft(result)) t.is(result.left.message, `Job ${ID} is RUNNING: cannot expire its lease (no expired lease).`);
});

test('release never takes attempts below zero', (t) => {
  const result = release(jobIn('QUEUED', { attempts: 0 }), OWNER, LATER);
  t.deepEqual(E.map((j: Job) => j.attempts)(result), E.right(0));
});

// ---------------------------------------------------------------- requestStatus details

test('requestStatus FAILED uses the reason given', (t) => {
  const result = requestStatus(jobIn('RUNNING'), 'FAILED', { ...requestContext, reason: 'operator said so' }, LATER);
  t.deepEqual(E.map((j: Job) => [j.status, j.failureReason, j.exitCode])(result), E.right(['FAILED', 'operator said so', null]));
});

test('requestStatus FAILED never retries, even when the context asks for retry on failure', (t) => {
  const result = requestStatus(jobIn('RUNNING', { attempts: 1 }), 'FAILED', { ...requestContext, retryOnFailure: true }, LATER);
  t.deepEqual(E.map((j: Job) => j.status)(result), E.right('FAILED'));
});

test('requestStatus PENDING of a BLOCKED job still held by a failure keeps it BLOCKED with the new blocker', (t) => {
  const result = requestStatus(jobIn('BLOCKED'), 'PENDING', { ...requestContext, readiness: { unmetDependencies: 1, blockedBy: 11 } }, LATER);
  t.deepEqual(E.map((j: Job) => [j.status, j.blockedBy, j.failureReason])(result), E.right(['BLOCKED', 11, 'blocked by job 11']));
});

test('requestStatus BLOCKED explains that jobs are blocked only by a failed dependency', (t) => {
  const result = requestStatus(jobIn('PENDING', { id: ID }), 'BLOCKED', requestContext, LATER);
  t.true(E.isLeft(result));
  if (E.isLeft(result)) {
    t.is(result.left.message, `Job ${ID} is PENDING: cannot set it to BLOCKED (jobs are blocked only by a failed dependency).`);
  }
});

// ---------------------------------------------------------------- whole lives

test('a job that fails with retry on failure runs again and completes', (t) => {
  const steps = (job: Job): Result =>
    E.chain((j: Job) => complete(j, 'w2', seconds(NOW, 5)))(
      E.chain((j: Job) => start(j, 'w2', seconds(NOW, 4)))(
        E.chain((j: Job) => claim(j, { owner: 'w2', leaseSeconds: 60 }, seconds(NOW, 3)))(
          E.chain((j: Job) => fail(j, OWNER, { reason: 'exit 1', exitCode: 1 }, true, seconds(NOW, 2)))(
            E.chain((j: Job) => start(j, OWNER, seconds(NOW, 1)))(claim(job, { owner: OWNER, leaseSeconds: 60 }, NOW)),
          ),
        ),
      ),
    );
  const result = steps(makeJob());
  t.true(E.isRight(result));
  if (E.isRight(result)) {
    t.like(result.right, { status: 'COMPLETED', attempts: 2, exitCode: 0, lease: null, startedAt: seconds(NOW, 4), finishedAt: seconds(NOW, 5) });
  }
});

test('a job whose lease keeps expiring fails after maxAttempts claims', (t) => {
  let job = makeJob({ maxAttempts: 2 });
  const statuses: string[] = [];
  for (let round = 0; round < 2; round++) {
    const at = seconds(NOW, round * 100);
    const claimed = claim(job, { owner: OWNER, leaseSeconds: 10 }, at);
    if (E.isLeft(claimed)) return t.fail(claimed.left.message);
    t.false(E.isRight(expireLease(claimed.right, seconds(at, 9))), 'not expired before its time');
    const expired = expireLease(claimed.right, seconds(at, 10));
    if (E.isLeft(expired)) return t.fail(expired.left.message);
    job = expired.right;
    statuses.push(job.status);
  }
  t.deepEqual(statuses, ['PENDING', 'FAILED']);
  t.is(job.failureReason, "lease of 'w1' expired (attempt 2 of 2)");
  t.deepEqual(job.finishedAt, seconds(NOW, 110));
});

test('retry gives a failed job a fresh set of attempts', (t) => {
  const result = E.chain((j: Job) => claim(j, { owner: OWNER, leaseSeconds: null }, LATER))(
    retry(jobIn('FAILED', { attempts: 3, maxAttempts: 3 }), { unmetDependencies: 0, blockedBy: null }, NOW),
  );
  t.deepEqual(E.map((j: Job) => [j.status, j.attempts])(result), E.right(['QUEUED', 1]));
});

// Every other path back to PENDING (release, expireLease, retry) clears startedAt; a failed run
// that is requeued by retry-on-failure keeps the start time of the run that failed.
test('fail with retryOnFailure clears startedAt like every other way back to PENDING', (t) => {
  const result = fail(jobIn('RUNNING', { attempts: 1 }), OWNER, { reason: 'exit 1', exitCode: 1 }, true, LATER);
  t.deepEqual(E.map((j: Job) => [j.status, j.startedAt])(result), E.right(['PENDING', null]));
});

// A run that failed and was requeued leaves its failureReason behind; the later successful run
// does not clear it, so the job ends COMPLETED with a failure reason.
test('a COMPLETED job carries no failure reason from an earlier attempt', (t) => {
  const requeued = fail(jobIn('RUNNING', { attempts: 1 }), OWNER, { reason: 'exit 1', exitCode: 1 }, true, NOW);
  const done = E.chain((j: Job) => complete(j, 'w2', LATER))(
    E.chain((j: Job) => start(j, 'w2', LATER))(E.chain((j: Job) => claim(j, { owner: 'w2', leaseSeconds: 60 }, LATER))(requeued)),
  );
  t.deepEqual(E.map((j: Job) => [j.status, j.failureReason])(done), E.right(['COMPLETED', null]));
});

// ---------------------------------------------------------------- readiness

test('readiness of no dependencies is ready', (t) => {
  t.deepEqual(readiness([]), { unmetDependencies: 0, blockedBy: null });
});

test('readiness counts every dependency that is not COMPLETED', (t) => {
  t.deepEqual(
    readiness([
      { id: 1, status: 'COMPLETED', blockedBy: null },
      { id: 2, status: 'PENDING', blockedBy: null },
      { id: 3, status: 'QUEUED', blockedBy: null },
      { id: 4, status: 'RUNNING', blockedBy: null },
      { id: 5, status: 'COMPLETED', blockedBy: null },
    ]),
    { unmetDependencies: 3, blockedBy: null },
  );
});

test('readiness: a FAILED dependency blocks with its own id', (t) => {
  t.deepEqual(
    readiness([
      { id: 1, status: 'COMPLETED', blockedBy: null },
      { id: 5, status: 'FAILED', blockedBy: null },
    ]),
    { unmetDependencies: 1, blockedBy: 5 },
  );
});

test('readiness: a CANCELLED dependency blocks with its own id', (t) => {
  t.deepEqual(readiness([{ id: 6, status: 'CANCELLED', blockedBy: null }]), { unmetDependencies: 1, blockedBy: 6 });
});

test('readiness: a BLOCKED dependency passes on its blocker', (t) => {
  t.deepEqual(
    readiness([
      { id: 2, status: 'PENDING', blockedBy: null },
      { id: 7, status: 'BLOCKED', blockedBy: 3 },
    ]),
    { unmetDependencies: 2, blockedBy: 3 },
  );
});

test('readiness: a BLOCKED dependency without a recorded blocker blocks with its own id', (t) => {
  t.deepEqual(readiness([{ id: 7, status: 'BLOCKED', blockedBy: null }]), { unmetDependencies: 1, blockedBy: 7 });
});

test('readiness: with several blockers the first one listed is recorded', (t) => {
  const deps = [
    { id: 8, status: 'CANCELLED', blockedBy: null },
    { id: 7, status: 'BLOCKED', blockedBy: 3 },
    { id: 5, status: 'FAILED', blockedBy: null },
  ] as const;
  t.is(readiness(deps).blockedBy, 8);
  t.is(readiness([deps[1], deps[2], deps[0]]).blockedBy, 3);
  t.is(readiness([deps[2], deps[0]]).blockedBy, 5);
});

test('blockedReason names the blocking job', (t) => {
  t.is(blockedReason(12), 'blocked by job 12');
});

