import test from 'ava';
import { claimOrder, isReady } from '../../src/domain/job.js';
import { BLOCKING_STATUSES, CLAIMED_STATUSES, isJobStatus, JOB_STATUSES } from '../../src/domain/job-status.js';
import { jobIn, makeJob } from './job-fixture.js';

test('the seven job statuses', (t) => {
  t.deepEqual([...JOB_STATUSES], ['PENDING', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'BLOCKED', 'CANCELLED']);
  for (const status of JOB_STATUSES) t.true(isJobStatus(status));
  for (const other of ['pending', 'DONE', '', 'QUEUED ']) t.false(isJobStatus(other), other);
});

test('blocking and claimed statuses', (t) => {
  t.deepEqual([...BLOCKING_STATUSES].sort(), ['BLOCKED', 'CANCELLED', 'FAILED']);
  t.deepEqual([...CLAIMED_STATUSES].sort(), ['QUEUED', 'RUNNING']);
});

test('isReady: PENDING with no unmet dependency, and nothing else', (t) => {
  t.true(isReady(makeJob()));
  t.false(isReady(makeJob({ unmetDependencies: 1 })));
  for (const status of JOB_STATUSES.filter((s) => s !== 'PENDING')) t.false(isReady(jobIn(status, { unmetDependencies: 0 })), status);
});

test('claimOrder: highest priority first, then oldest (lowest id) first', (t) => {
  const jobs = [
    { id: 5, priority: 0 },
    { id: 2, priority: 0 },
    { id: 9, priority: 10 },
    { id: 1, priority: -5 },
    { id: 3, priority: 10 },
  ];
  t.deepEqual(
    [...jobs].sort(claimOrder).map((j) => j.id),
    [3, 9, 2, 5, 1],
  );
  t.is(claimOrder({ id: 1, priority: 0 }, { id: 1, priority: 0 }), 0);
});
