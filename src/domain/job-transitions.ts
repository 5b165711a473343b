import * as E from 'fp-ts/lib/Either.js';
import { illegalTransition, leaseLost, type IllegalTransition, type LeaseLost } from './errors.js';
import type { Job, Lease } from './job.js';
import type { JobStatus } from './job-status.js';
import { leaseExpiryReason } from './lease-expiry.js';

export type TransitionError = IllegalTransition | LeaseLost;
type Result = E.Either<TransitionError, Job>;

/** Who reports on a claimed job: a worker id, or null for an anonymous caller (the original client). */
export type Reporter = string | null;

export interface Claimant {
  readonly owner: string | null;
  /** Lease length; null for a claim that never expires. */
  readonly leaseSeconds: number | null;
}

export interface Failure {
  readonly reason: string;
  readonly exitCode: number | null;
}

const allowed = (job: Job, request: string, from: readonly JobStatus[], why?: string): E.Either<IllegalTransition, Job> =>
  from.includes(job.status) ? E.right(job) : E.left(illegalTransition(job.id, job.status, request, why));

/** Reports from a worker that no longer holds the lease are refused; anonymous reports are accepted. */
const holdsLease = (job: Job, reporter: Reporter): E.Either<LeaseLost, Job> =>
  reporter === null || job.lease?.owner === reporter ? E.right(job) : E.left(leaseLost(job.id, reporter, job.lease?.owner ?? null));

const leaseFor = (claimant: Claimant, now: Date): Lease => ({
  owner: claimant.owner,
  expiresAt: claimant.leaseSeconds === null ? null : new Date(now.getTime() + claimant.leaseSeconds * 1000),
});

export const claim = (job: Job, claimant: Claimant, now: Date): Result =>
  job.status === 'PENDING' && job.unmetDependencies > 0
    ? E.left(illegalTransition(job.id, job.status, 'claim', `waiting for ${job.unmetDependencies} dependencies`))
    : E.map((j: Job) => ({ ...j, status: 'QUEUED' as const, attempts: j.attempts + 1, lease: leaseFor(claimant, now), updatedAt: now }))(
        allowed(job, 'claim', ['PENDING']),
      );

export const start = (job: Job, reporter: Reporter, now: Date): Result =>
  E.map((j: Job) => ({ ...j, status: 'RUNNING' as const, startedAt: now, updatedAt: now }))(
    E.chainW((j: Job) => holdsLease(j, reporter))(allowed(job, 'start', ['QUEUED'])),
  );

export const complete = (job: Job, reporter: Reporter, now: Date): Result =>
  E.map((j: Job) => ({ ...j, status: 'COMPLETED' as const, exitCode: 0, failureReason: null, lease: null, finishedAt: now, updatedAt: now }))(
    E.chainW((j: Job) => holdsLease(j, reporter))(allowed(job, 'complete', ['RUNNING'])),
  );

/**
 * A failed run (or a job that could not start) ends FAILED — or returns to PENDING when the task
 * retries on failure and attempts remain.
 */
export const fail = (job: Job, reporter: Reporter, failure: Failure, retryOnFailure: boolean, now: Date): Result =>
  E.map((j: Job) => {
    const again = retryOnFailure && j.attempts < j.maxAttempts;
    return {
      ...j,
      status: again ? ('PENDING' as const) : ('FAILED' as const),
      exitCode: failure.exitCode,
      failureReason: failure.reason,
      lease: null,
      startedAt: again ? null : j.startedAt,
      finishedAt: again ? null : now,
      updatedAt: now,
    };
  })(E.chainW((j: Job) => holdsLease(j, reporter))(allowed(job, 'fail', ['QUEUED', 'RUNNING'])));

export const cancel = (job: Job, now: Date, reason = 'cancelled'): Result =>
  E.map((j: Job) => ({ ...j, status: 'CANCELLED' as const, lease: null, failureReason: reason, finishedAt: now, updatedAt: now }))(
    allowed(job, 'cancel', ['PENDING', 'QUEUED', 'RUNNING', 'BLOCKED']),
  );

/**
 * A person retries a FAILED or CANCELLED job: attempts start again. `unmet` and `blocker` come from
 * its dependencies' current states (see `readiness`).
 */
export const retry = (job: Job, readiness: Readiness, now: Date): Result =>
  E.map((j: Job) => ({
    ...j,
    ...readinessFields(readiness),
    attempts: 0,
    lease: null,
    exitCode: null,
    startedAt: null,
    finishedAt: null,
    updatedAt: now,
  }))(allowed(job, 'retry', ['FAILED', 'CANCELLED']));

/** A worker gives an unfinished job back (shutdown): no attempt is charged. */
export const release = (job: Job, reporter: Reporter, now: Date): Result =>
  E.map((j: Job) => ({ ...j, status: 'PENDING' as const, attempts: Math.max(0, j.attempts - 1), lease: null, startedAt: null, updatedAt: now }))(
    E.chainW((j: Job) => holdsLease(j, reporter))(allowed(job, 'release', ['QUEUED', 'RUNNING'])),
  );

export const renewLease = (job: Job, owner: string, leaseSeconds: number, now: Date): Result =>
  E.map((j: Job) => ({ ...j, lease: leaseFor({ owner, leaseSeconds }, now), updatedAt: now }))(
    E.chainW((j: Job) => holdsLease(j, owner))(allowed(job, 'renew the lease of', ['QUEUED', 'RUNNING'])),
  );

export const isLeaseExpired = (job: Job, now: Date): boolean =>
  (job.status === 'QUEUED' || job.status === 'RUNNING') && job.lease?.expiresAt != null && job.lease.expiresAt.getTime() <= now.getTime();

/** The lease ran out (the worker died): requeue while attempts remain, else fail with the reason. */
export const expireLease = (job: Job, now: Date): Result => {
  if (!isLeaseExpired(job, now)) return E.left(illegalTransition(job.id, job.status, 'expire its lease', 'no expired lease'));
  const exhausted = job.attempts >= job.maxAttempts;
  const holder = job.lease?.owner ?? null;
  const reason = leaseExpiryReason(holder, job.attempts, job.maxAttempts);
  return E.right({
    ...job,
    status: exhausted ? 'FAILED' : 'PENDING',
    lease: null,
    failureReason: reason,
    startedAt: null,
    finishedAt: exhausted ? now : null,
    updatedAt: now,
  });
};

/** A PENDING job whose dependency failed, was cancelled or is itself blocked. */
export const block = (job: Job, blocker: number, now: Date): Result =>
  E.map((j: Job) => ({ ...j, status: 'BLOCKED' as const, blockedBy: blocker, failureReason: blockedReason(blocker), updatedAt: now }))(
    allowed(job, 'block', ['PENDING']),
  );

/**
 * A job still waiting (PENDING or BLOCKED) whose dependency `deletedId` was deleted before it
 * COMPLETED can no longer run as submitted: BLOCKED until a person retries it.
 */
export const orphan = (job: Job, deletedId: number, now: Date, circumstance = ''): Result =>
  E.map((j: Job) => ({
    ...j,
    status: 'BLOCKED' as const,
    blockedBy: deletedId,
    failureReason: `its dependency, job ${deletedId}, was deleted${circumstance}`,
    updatedAt: now,
  }))(allowed(job, 'lose a dependency', ['PENDING', 'BLOCKED']));

export const unblock = (job: Job, readiness: Readiness, now: Date): Result =>
  E.map((j: Job) => ({ ...j, ...readinessFields(readiness), updatedAt: now }))(
    allowed(job, 'unblock', ['BLOCKED']),
  );

/** Where a job stands given its dependencies' states. */
export interface Readiness {
  readonly unmetDependencies: number;
  /** The root FAILED/CANCELLED job that blocks it, or null. */
  readonly blockedBy: number | null;
}

const readinessFields = (readiness: Readiness) => ({
  status: readiness.blockedBy === null ? ('PENDING' as const) : ('BLOCKED' as const),
  unmetDependencies: readiness.unmetDependencies,
  blockedBy: readiness.blockedBy,
  failureReason: readiness.blockedBy === null ? null : blockedReason(readiness.blockedBy),
});

export const blockedReason = (blocker: number): string => `blocked by job ${blocker}`;

/** Derive readiness from the dependencies' current states. */
export const readiness = (dependencies: readonly Pick<Job, 'id' | 'status' | 'blockedBy'>[]): Readiness => {
  const blocker = dependencies.find((d) => d.status === 'FAILED' || d.status === 'CANCELLED' || d.status === 'BLOCKED');
  return {
    unmetDependencies: dependencies.filter((d) => d.status !== 'COMPLETED').length,
    blockedBy: blocker === undefined ? null : blocker.status === 'BLOCKED' ? (blocker.blockedBy ?? blocker.id) : blocker.id,
  };
};

/**
 * A status change asked for by name (`PUT /jobs/{id}` with a new status), mapped onto the
 * transition it stands for. Same status: nothing changes.
 */
/**
 * What a status request carries besides its target: how ready the job would be, whether a failure
 * retries, the reason given, and how long a claim it makes (QUEUED) holds before it expires, as a
 * claim without a lease does (null: never).
 */
export interface StatusRequest {
  readonly readiness: Readiness;
  readonly retryOnFailure: boolean;
  readonly reason: string | null;
  readonly claimSeconds: number | null;
}

export const requestStatus = (
  job: Job,
  target: JobStatus,
  context: StatusRequest,
  now: Date,
): Result => {
  if (target === job.status) return E.right(job);
  // Refusals name the status that was asked for, not the transition behind it.
  return E.mapLeft((error: TransitionError) =>
    error._tag === 'IllegalTransition' ? illegalTransition(job.id, job.status, `set it to ${target}`, error.why) : error,
  )(transitionTo(job, target, context, now));
};

const transitionTo = (
  job: Job,
  target: JobStatus,
  context: StatusRequest,
  now: Date,
): Result => {
  const anonymous = null;
  switch (target) {
    case 'QUEUED':
      return claim(job, { owner: anonymous, leaseSeconds: context.claimSeconds }, now);
    case 'RUNNING':
      return start(job, anonymous, now);
    case 'COMPLETED':
      return complete(job, anonymous, now);
    case 'FAILED':
      return fail(job, anonymous, { reason: context.reason ?? `set to FAILED from ${job.status}`, exitCode: null }, false, now);
    case 'CANCELLED':
      return cancel(job, now);
    case 'PENDING':
      return job.status === 'BLOCKED' ? unblock(job, context.readiness, now) : retry(job, context.readiness, now);
    case 'BLOCKED':
      return E.left(illegalTransition(job.id, job.status, 'set it to BLOCKED', 'jobs are blocked only by a failed dependency'));
  }
};
