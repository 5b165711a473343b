import test from 'ava';
import { leaseExpiryReason } from '../../src/domain/lease-expiry.js';
import { overlaps, runsOf, type JobActivity } from '../../src/domain/run.js';
import type { StatusChange } from '../../src/domain/status-change.js';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const change = (from: string, to: string, seconds: number, worker: string | null, attempt: number, reason: string | null = null) =>
  ({ from, to, at: at(seconds), worker, attempt, reason }) as StatusChange;
const activity = (history: StatusChange[], overrides: Partial<JobActivity> = {}): JobActivity => ({
  id: 7,
  name: 'j',
  taskId: 1,
  status: 'PENDING',
  startedAt: null,
  history,
  ...overrides,
});
const outcomes = (job: JobActivity) => runsOf(job).map((run) => run.outcome);

test('a release is RELEASED, an expired lease LEASE_EXPIRED, a retried failure FAILED, a cancel CANCELLED', (t) => {
  const job = activity([
    change('PENDING', 'QUEUED', 1, 'w1', 1),
    change('QUEUED', 'PENDING', 2, 'w1', 0),
    change('PENDING', 'QUEUED', 3, 'w2', 1),
    change('QUEUED', 'PENDING', 4, 'w2', 1, leaseExpiryReason('w2', 1, 3)),
    change('PENDING', 'QUEUED', 5, null, 2),
    change('QUEUED', 'RUNNING', 6, null, 2),
    change('RUNNING', 'PENDING', 7, null, 2, 'exit code 1'),
    change('PENDING', 'QUEUED', 8, 'w1', 3),
    change('QUEUED', 'CANCELLED', 9, 'w1', 3, null),
  ], { status: 'CANCELLED' });
  t.deepEqual(outcomes(job), ['RELEASED', 'LEASE_EXPIRED', 'FAILED', 'CANCELLED']);
  t.deepEqual(runsOf(job).map((run) => run.worker), ['w1', 'w2', null, 'w1']);
  t.deepEqual(runsOf(job)[2]!.startedAt, at(6));
});

test('a start and a completion reported together take the job’s start; an unfinished claim runs only while the job is claimed', (t) => {
  const merged = activity([change('PENDING', 'QUEUED', 1, 'w1', 1), change('QUEUED', 'COMPLETED', 3, 'w1', 1)], { status: 'COMPLETED', startedAt: at(2) });
  t.deepEqual(runsOf(merged)[0]!.startedAt, at(2));
  const claimed = [change('PENDING', 'QUEUED', 1, 'w1', 1)];
  t.deepEqual(outcomes(activity(claimed, { status: 'QUEUED' })), ['RUNNING']);
  t.deepEqual(outcomes(activity(claimed, { status: 'PENDING' })), [], 'a history that lost its end is no run');
});

test('a history cut short inside a run leaves that run out; an expired lease that failed the job is LEASE_EXPIRED', (t) => {
  const job = activity([change('QUEUED', 'RUNNING', 2, 'w1', 3), change('RUNNING', 'FAILED', 4, 'w1', 3, leaseExpiryReason(null, 3, 3))], { status: 'FAILED' });
  t.deepEqual(outcomes(job), []);
  const expired = activity([change('PENDING', 'QUEUED', 1, null, 3), change('QUEUED', 'FAILED', 4, null, 3, leaseExpiryReason(null, 3, 3))], { status: 'FAILED' });
  t.deepEqual(outcomes(expired), ['LEASE_EXPIRED']);
});

test('a run overlaps a window it touches: claimed before its end, finished at or after its start, or still running', (t) => {
  const [run] = runsOf(activity([change('PENDING', 'QUEUED', 10, 'w', 1), change('QUEUED', 'COMPLETED', 20, 'w', 1)], { status: 'COMPLETED' }));
  const window = (since: number, until: number) => ({ since: at(since), until: at(until) });
  t.true(overlaps(run!, window(0, 11)));
  t.true(overlaps(run!, window(20, 30)));
  t.false(overlaps(run!, window(0, 10)));
  t.false(overlaps(run!, window(21, 30)));
  const [running] = runsOf(activity([change('PENDING', 'QUEUED', 10, 'w', 1)], { status: 'RUNNING' }));
  t.true(overlaps(running!, window(1000, 2000)));
});
