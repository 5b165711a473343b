import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import type { Job } from '../../src/domain/job.js';
import { block, cancel, expireLease, fail, release, start } from '../../src/domain/job-transitions.js';
import { STATUS_HISTORY_LIMIT, statusChange, withStatusChange, type StatusChange } from '../../src/domain/status-change.js';
import { LATER, LEASE_EXPIRY, OWNER, jobIn, seconds } from './job-fixture.js';

const after = (next: E.Either<unknown, Job>): Job => {
  if (E.isLeft(next)) throw new Error(`expected a transition: ${JSON.stringify(next.left)}`);
  return next.right;
};

test('a save that keeps the status is no change', (t) => {
  const running = jobIn('RUNNING');
  t.is(statusChange(running, { ...running, priority: 5, updatedAt: LATER }), null);
});

test("a change is stamped with the new updatedAt, the lease owner (the one letting go when the lease ends) and the attempt count", (t) => {
  const queued = jobIn('QUEUED');
  t.deepEqual(statusChange(queued, after(start(queued, OWNER, LATER))), { from: 'QUEUED', to: 'RUNNING', at: LATER, worker: OWNER, attempt: 1, reason: null });
  const running = jobIn('RUNNING');
  t.deepEqual(statusChange(running, after(cancel(running, LATER))), { from: 'RUNNING', to: 'CANCELLED', at: LATER, worker: OWNER, attempt: 1, reason: null });
  const pending = jobIn('PENDING');
  t.deepEqual(statusChange(pending, after(block(pending, 7, LATER))), { from: 'PENDING', to: 'BLOCKED', at: LATER, worker: null, attempt: 0, reason: null });
});

test('failed runs carry the first line of their reason: FAILED, retried on failure, an expired lease', (t) => {
  const running = jobIn('RUNNING');
  const failure = { reason: 'exit code 2\nTraceback (most recent call last):', exitCode: 2 };
  t.is(statusChange(running, after(fail(running, OWNER, failure, false, LATER)))?.reason, 'exit code 2');
  const retried = after(fail(running, OWNER, failure, true, LATER));
  t.is(retried.status, 'PENDING');
  t.is(statusChange(running, retried)?.reason, 'exit code 2');
  const expired = after(expireLease(running, seconds(LEASE_EXPIRY, 1)));
  t.is(statusChange(running, expired)?.reason, `lease of '${OWNER}' expired (attempt 1 of 3)`);
});

test('a release gives the attempt back and is no failure, whatever reason the job still holds', (t) => {
  const running = jobIn('RUNNING', { failureReason: 'exit code 1 (an earlier attempt)' });
  const released = after(release(running, OWNER, LATER));
  t.deepEqual(statusChange(running, released), { from: 'RUNNING', to: 'PENDING', at: LATER, worker: OWNER, attempt: 0, reason: null });
});

test('the history keeps the latest STATUS_HISTORY_LIMIT changes, oldest first', (t) => {
  const change = (attempt: number): StatusChange => ({ from: 'PENDING', to: 'QUEUED', at: LATER, worker: null, attempt, reason: null });
  let history: readonly StatusChange[] = [];
  for (let attempt = 1; attempt <= STATUS_HISTORY_LIMIT + 2; attempt++) history = withStatusChange(history, change(attempt));
  t.is(history.length, STATUS_HISTORY_LIMIT);
  t.is(history[0]?.attempt, 3);
  t.is(history.at(-1)?.attempt, STATUS_HISTORY_LIMIT + 2);
});
