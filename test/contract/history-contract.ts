import * as E from 'fp-ts/lib/Either.js';
import type { StoreTransaction } from '../../src/application/ports/store.port.js';
import type { Job } from '../../src/domain/job.js';
import { cancel, complete, expireLease, fail, release, retry, start } from '../../src/domain/job-transitions.js';
import { UNLIMITED_OFFER } from '../../src/domain/resources.js';
import { STATUS_HISTORY_LIMIT, STATUS_REASON_LIMIT } from '../../src/domain/status-change.js';
import { type Check, inTx, plain, right, rolledBack, seed, claimOne } from './contract-kit.js';
import { after, newJob, onJob } from './fixtures.js';

const READY = { unmetDependencies: 0, blockedBy: null };

/** An entry as the contract expects it; `at` in seconds after T0. */
const entry = (from: string, to: string, at: number, worker: string | null, attempt: number, reason: string | null = null) =>
  plain({ from, to, at: after(at), worker, attempt, reason });

const historyOf = async (tx: StoreTransaction, id: number) => plain(await tx.jobs.history(id));

/** Saves a domain transition as the run reports do (saveProgress) and returns the saved job. */
const progress = async (tx: StoreTransaction, next: E.Either<unknown, Job>): Promise<Job> => {
  const job = right(next);
  await tx.queue.saveProgress([job]);
  return job;
};

/** Saves a domain transition as the people's actions do (update) and returns the saved job. */
const updated = async (tx: StoreTransaction, next: E.Either<unknown, Job>): Promise<Job> => {
  const job = right(next);
  await tx.jobs.update(job);
  return job;
};

const claimBy = async (tx: StoreTransaction, projectId: number, owner: string, at: number, leaseSeconds: number | null = 60): Promise<Job> => {
  const job = await claimOne(tx, { projectId, offer: UNLIMITED_OFFER, claimant: { owner, leaseSeconds }, now: after(at) });
  if (job === null) throw new Error('expected a job to claim');
  return job;
};

/** Every status change a store saves is recorded, whichever method saved it. */
export const historyContract = (check: Check): void => {
  check('history: claim, start, a failure retried, another claim and completion, each with its worker, attempt and reason', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [job] = await tx.jobs.insert([newJob(project.id, task.id)]);
      t.deepEqual(await historyOf(tx, job!.id), [], 'submitting records nothing: creation is created_at');

      const claimed = await claimBy(tx, project.id, 'w1', 1);
      const running = await progress(tx, start(claimed, 'w1', after(2)));
      const retried = await progress(tx, fail(running, 'w1', { reason: 'exit code 1\nTraceback: the log tail', exitCode: 1 }, true, after(3)));
      t.is(retried.status, 'PENDING');
      const [again] = await tx.queue.claim({ projectId: project.id, offer: UNLIMITED_OFFER, claimant: { owner: 'w2', leaseSeconds: 60 }, now: after(4) }, 5);
      const runningAgain = await progress(tx, start(again!, 'w2', after(5)));
      await progress(tx, complete(runningAgain, 'w2', after(6)));

      t.deepEqual(await historyOf(tx, job!.id), [
        entry('PENDING', 'QUEUED', 1, 'w1', 1),
        entry('QUEUED', 'RUNNING', 2, 'w1', 1),
        entry('RUNNING', 'PENDING', 3, 'w1', 1, 'exit code 1'),
        entry('PENDING', 'QUEUED', 4, 'w2', 2),
        entry('QUEUED', 'RUNNING', 5, 'w2', 2),
        entry('RUNNING', 'COMPLETED', 6, 'w2', 2),
      ]);
    });
  });

  check('history: cancel, retry, a final failure and the dependents it blocks', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [job] = await tx.jobs.insert([newJob(project.id, task.id)]);
      const [dependent] = await tx.jobs.insert([newJob(project.id, task.id, { dependencies: [onJob(job!.id)] })]);

      const cancelled = await updated(tx, cancel(job!, after(1), 'cancelled by a person'));
      const pending = await updated(tx, retry(cancelled, READY, after(2)));
      const claimed = await claimBy(tx, project.id, 'w1', 3);
      t.is(claimed.id, pending.id);
      await progress(tx, fail(claimed, 'w1', { reason: 'executor refused it', exitCode: null }, false, after(4)));
      await tx.jobs.blockDependents([job!.id], job!.id, `blocked by job ${job!.id}`, after(5));

      t.deepEqual(await historyOf(tx, job!.id), [
        entry('PENDING', 'CANCELLED', 1, null, 0),
        entry('CANCELLED', 'PENDING', 2, null, 0),
        entry('PENDING', 'QUEUED', 3, 'w1', 1),
        entry('QUEUED', 'FAILED', 4, 'w1', 1, 'executor refused it'),
      ]);
      t.deepEqual(await historyOf(tx, dependent!.id), [entry('PENDING', 'BLOCKED', 5, null, 0)]);
    });
  });

  check("history: an expired lease is a failed attempt with the lease's reason; a release is none", async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [job] = await tx.jobs.insert([newJob(project.id, task.id)]);
      await claimBy(tx, project.id, 'w1', 0, 10);
      const [expired] = await tx.queue.lockExpiredLeases(after(20), 10);
      t.is(expired?.id, job!.id);
      const requeued = await updated(tx, expireLease(expired!, after(20)));
      t.regex(requeued.failureReason ?? '', /lease of 'w1' expired/);

      // Released by its worker: the attempt is given back, and the stale failure reason is no reason.
      const claimed = await claimBy(tx, project.id, 'w2', 30);
      await progress(tx, release(claimed, 'w2', after(31)));

      t.deepEqual(await historyOf(tx, job!.id), [
        entry('PENDING', 'QUEUED', 0, 'w1', 1),
        entry('QUEUED', 'PENDING', 20, 'w1', 1, requeued.failureReason),
        entry('PENDING', 'QUEUED', 30, 'w2', 2),
        entry('QUEUED', 'PENDING', 31, 'w2', 1),
      ]);
    });
  });

  check('history: saves that keep the status record nothing; unknown and deleted jobs have none', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [job, other] = await tx.jobs.insert([newJob(project.id, task.id), newJob(project.id, task.id, { status: 'FAILED', attempts: 3 })]);
      const claimed = await claimBy(tx, project.id, 'w1', 1);
      await tx.queue.renewLeases('w1', after(500), after(2));
      await tx.jobs.update({ ...claimed, priority: 7, updatedAt: after(3) });
      await tx.queue.saveProgress([{ ...claimed, updatedAt: after(4) }]);
      t.deepEqual(await historyOf(tx, job!.id), [entry('PENDING', 'QUEUED', 1, 'w1', 1)]);
      t.deepEqual(await historyOf(tx, other!.id), [], 'a job inserted in any status starts with no entry');

      t.is(await tx.jobs.history(987654), null);
      await tx.jobs.delete([job!.id]);
      t.is(await tx.jobs.history(job!.id), null);
    });
  });

  check('history: a reason is its first line, at most STATUS_REASON_LIMIT characters (not UTF-16 units)', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [job] = await tx.jobs.insert([newJob(project.id, task.id)]);
      const claimed = await claimBy(tx, project.id, 'w1', 1);
      const longLine = 'é😀'.repeat(STATUS_REASON_LIMIT);
      await progress(tx, fail(claimed, 'w1', { reason: `${longLine}\nsecond line`, exitCode: 3 }, false, after(2)));
      const [, failed] = (await tx.jobs.history(job!.id))!;
      t.is(failed?.reason, 'é😀'.repeat(STATUS_REASON_LIMIT / 2));
      t.is((await tx.jobs.get(job!.id))?.failureReason, `${longLine}\nsecond line`, 'the job keeps its whole reason');
    });
  });

  check('history: keeps the latest STATUS_HISTORY_LIMIT changes', async (t, store) => {
    const jobId = await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [job] = await tx.jobs.insert([newJob(project.id, task.id)]);
      let current = job!;
      // Two changes per round: two past the limit.
      for (let round = 1; round <= STATUS_HISTORY_LIMIT / 2 + 1; round++) {
        current = await updated(tx, cancel(current, after(2 * round - 1)));
        current = await updated(tx, retry(current, READY, after(2 * round)));
      }
      return job!.id;
    });
    const history = await inTx(store, (tx) => tx.jobs.history(jobId));
    t.is(history?.length, STATUS_HISTORY_LIMIT);
    t.deepEqual(plain(history?.[0]), entry('PENDING', 'CANCELLED', 3, null, 0));
    t.deepEqual(plain(history?.at(-1)), entry('CANCELLED', 'PENDING', STATUS_HISTORY_LIMIT + 2, null, 0));
  });

  check('history: a rolled-back change leaves no entry', async (t, store) => {
    const jobId = await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [job] = await tx.jobs.insert([newJob(project.id, task.id)]);
      await claimBy(tx, project.id, 'w1', 1);
      return job!.id;
    });
    await rolledBack(store, async (tx) => {
      const claimed = (await tx.jobs.get(jobId))!;
      await progress(tx, start(claimed, 'w1', after(2)));
      t.is((await tx.jobs.history(jobId))?.length, 2);
    });
    t.deepEqual(await inTx(store, (tx) => historyOf(tx, jobId)), [entry('PENDING', 'QUEUED', 1, 'w1', 1)]);
  });
};
