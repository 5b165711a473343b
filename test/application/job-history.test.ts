import test from 'ava';
import { claim, leftTagged, right, seed, submitOne, withHarness } from './harness.js';

/** The job history use case over the memory store, driven by the use cases a worker and a person call. */

test(
  "a job's history: claims, a failure retried, completion, each with its worker, attempt, time and reason",
  withHarness(async (t, { uc, clock }) => {
    const { project, task } = await seed(uc, 'lab', { retryOnFailure: true });
    const job = await submitOne(uc, project.id, task.id);
    const claimedAt = clock.advanceSeconds(1);
    await claim(uc, project.id, { owner: 'w1' });
    const startedAt = clock.advanceSeconds(1);
    right(await uc.reportProgress.start(job.id, 'w1'));
    const failedAt = clock.advanceSeconds(1);
    right(await uc.reportProgress.fail(job.id, 'w1', { reason: 'exit code 1\nthe log tail', exitCode: 1 }));
    const reclaimedAt = clock.advanceSeconds(1);
    await claim(uc, project.id, { owner: 'w2' });
    right(await uc.reportProgress.start(job.id, 'w2'));
    const completedAt = clock.advanceSeconds(1);
    right(await uc.reportProgress.complete(job.id, 'w2'));

    const report = right(await uc.jobHistory.execute(job.id));
    t.is(report.job.id, job.id);
    t.is(report.job.createdAt.getTime(), job.createdAt.getTime());
    t.deepEqual(report.changes, [
      { from: 'PENDING', to: 'QUEUED', at: claimedAt, worker: 'w1', attempt: 1, reason: null },
      { from: 'QUEUED', to: 'RUNNING', at: startedAt, worker: 'w1', attempt: 1, reason: null },
      { from: 'RUNNING', to: 'PENDING', at: failedAt, worker: 'w1', attempt: 1, reason: 'exit code 1' },
      { from: 'PENDING', to: 'QUEUED', at: reclaimedAt, worker: 'w2', attempt: 2, reason: null },
      { from: 'QUEUED', to: 'RUNNING', at: reclaimedAt, worker: 'w2', attempt: 2, reason: null },
      { from: 'RUNNING', to: 'COMPLETED', at: completedAt, worker: 'w2', attempt: 2, reason: null },
    ]);
  }),
);

test(
  'cancel, retry and an expired lease are in the history; its dependents record being blocked',
  withHarness(async (t, { uc, clock }) => {
    const { project, task } = await seed(uc);
    const job = await submitOne(uc, project.id, task.id, { name: 'root' });
    const dependent = await submitOne(uc, project.id, task.id, { name: 'leaf', dependsOn: [{ kind: 'job', id: job.id }] });
    const cancelledAt = clock.advanceSeconds(1);
    right(await uc.cancelJob.execute(job.id));
    const retriedAt = clock.advanceSeconds(1);
    right(await uc.retryJob.execute(job.id));
    const claimedAt = clock.advanceSeconds(1);
    await claim(uc, project.id, { owner: 'w1' });
    const expiredAt = clock.advanceSeconds(3600);
    t.is((await uc.expireLeases.execute()).length, 1);

    const { changes } = right(await uc.jobHistory.execute(job.id));
    t.deepEqual(
      changes.map(({ from, to, at, worker, attempt }) => ({ from, to, at, worker, attempt })),
      [
        { from: 'PENDING', to: 'CANCELLED', at: cancelledAt, worker: null, attempt: 0 },
        { from: 'CANCELLED', to: 'PENDING', at: retriedAt, worker: null, attempt: 0 },
        { from: 'PENDING', to: 'QUEUED', at: claimedAt, worker: 'w1', attempt: 1 },
        { from: 'QUEUED', to: 'PENDING', at: expiredAt, worker: 'w1', attempt: 1 },
      ],
    );
    t.regex(changes[3]?.reason ?? '', /^lease of 'w1' expired/);
    t.deepEqual(
      right(await uc.jobHistory.execute(dependent.id)).changes.map(({ from, to }) => `${from}→${to}`),
      ['PENDING→BLOCKED', 'BLOCKED→PENDING'],
    );
  }),
);

test(
  'an unknown job has no history: JobNotFound',
  withHarness(async (t, { uc }) => {
    leftTagged(t, await uc.jobHistory.execute(424242), 'JobNotFound');
  }),
);
