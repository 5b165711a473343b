import * as E from 'fp-ts/lib/Either.js';
import type { StoreTransaction } from '../../src/application/ports/store.port.js';
import type { Job } from '../../src/domain/job.js';
import { complete, expireLease, fail, start } from '../../src/domain/job-transitions.js';
import { UNLIMITED_OFFER } from '../../src/domain/resources.js';
import { runsOf } from '../../src/domain/run.js';
import { type Check, claimOne, inTx, plain, right, seed } from './contract-kit.js';
import { after, newJob, newTask, T0 } from './fixtures.js';

const saved = async (tx: StoreTransaction, next: E.Either<unknown, Job>): Promise<Job> => {
  const job = right(next);
  await tx.queue.saveProgress([job]);
  return job;
};

const claimBy = async (tx: StoreTransaction, projectId: number, owner: string, at: number, leaseSeconds = 60): Promise<Job> => {
  const job = await claimOne(tx, { projectId, offer: UNLIMITED_OFFER, claimant: { owner, leaseSeconds }, now: after(at) });
  if (job === null) throw new Error('expected a job to claim');
  return job;
};

const window = (since: number, until: number) => ({ since: after(since), until: after(until) });

/**
 * Two workers over two tasks, times in seconds after T0 (claims follow priority):
 * a: w1 claims 1, starts 2, fails at 3 and is retried; w2 claims 4, starts 5, completes 9.
 * g: w1 claims 1 with a 5 s lease that expires (rescued at 20).   b: w1 claims 2, starts 3, completes 5.001.
 * e (eval): w1 claims 3, starts 4, fails for good at 70.          c (eval): w2 claims 6, starts 6, still runs.
 * d: never claimed.   h: created at 50, claimed at 51.   Another project's job completes at 8.
 */
const lab = async (tx: StoreTransaction) => {
  const { project, task } = await seed(tx);
  const evalTask = right(await tx.tasks.insert(newTask(project.id, 'eval')));
  const other = await seed(tx, 'other');
  const [a, g, b, e, c, d] = await tx.jobs.insert([
    newJob(project.id, task.id, { name: 'a', priority: 50 }),
    newJob(project.id, task.id, { name: 'g', priority: 40 }),
    newJob(project.id, task.id, { name: 'b', priority: 30 }),
    newJob(project.id, evalTask.id, { name: 'e', priority: 20 }),
    newJob(project.id, evalTask.id, { name: 'c', priority: 10 }),
    newJob(project.id, task.id, { name: 'd', priority: 0 }),
  ]);
  const [elsewhere] = await tx.jobs.insert([newJob(other.project.id, other.task.id, { name: 'elsewhere' })]);

  const a1 = await saved(tx, start(await claimBy(tx, project.id, 'w1', 1), 'w1', after(2)));
  await claimBy(tx, project.id, 'w1', 1, 5);
  const b1 = await saved(tx, start(await claimBy(tx, project.id, 'w1', 2), 'w1', after(3)));
  const e1 = await saved(tx, start(await claimBy(tx, project.id, 'w1', 3), 'w1', after(4)));
  await saved(tx, fail(a1, 'w1', { reason: 'exit code 1', exitCode: 1 }, true, after(3)));
  const a2 = await saved(tx, start(await claimBy(tx, project.id, 'w2', 4), 'w2', after(5)));
  await saved(tx, complete(b1, 'w1', after(5.001)));
  await saved(tx, start(await claimBy(tx, project.id, 'w2', 6), 'w2', after(6)));
  await saved(tx, complete(a2, 'w2', after(9)));
  await saved(tx, complete(await saved(tx, start(await claimBy(tx, other.project.id, 'w1', 7), 'w1', after(7))), 'w1', after(8)));
  const [expired] = await tx.queue.lockExpiredLeases(after(20), 10);
  await tx.jobs.update(right(expireLease(expired!, after(20))));
  const [h] = await tx.jobs.insert([newJob(project.id, task.id, { name: 'h', priority: 60, createdAt: after(50), updatedAt: after(50) })]);
  await claimBy(tx, project.id, 'w2', 51);
  await saved(tx, fail(e1, 'w1', { reason: 'exit code 2', exitCode: 2 }, false, after(70)));
  return { project, task, evalTask, ids: { a: a!.id, b: b!.id, c: c!.id, d: d!.id, e: e!.id, g: g!.id, h: h!.id, elsewhere: elsewhere!.id } };
};

/** The store methods behind the dashboard's timeline: jobs active in a window, and what finished in it. */
export const timelineContract = (check: Check): void => {
  check('activeInWindow: the jobs changed since the window began or claimed, created before it ended, newest change first', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, ids } = await lab(tx);
      const names = async (since: number, until: number, limit = 100) => (await tx.jobs.activeInWindow(project.id, window(since, until), limit)).map((job) => job.name);
      // Never claimed (d) has no history; h was created after the window; the other project's job is not this project's.
      t.deepEqual(await names(0, 30), ['e', 'g', 'a', 'c', 'b']);
      t.deepEqual(await names(0, 100), ['e', 'h', 'g', 'a', 'c', 'b']);
      // c is claimed but unchanged since 6: it still counts; b changed last at 5.001.
      t.deepEqual(await names(7, 100), ['e', 'h', 'g', 'a', 'c']);
      t.deepEqual(await names(0, 100, 2), ['e', 'h']);
      t.deepEqual(await names(71, 100), ['h', 'c'], 'the claimed ones, however old their last change');

      const [a] = (await tx.jobs.activeInWindow(project.id, window(0, 100), 100)).filter((job) => job.id === ids.a);
      t.like(a, { id: ids.a, name: 'a', status: 'COMPLETED' });
      t.is(a!.startedAt?.getTime(), after(5).getTime());
      t.deepEqual(plain(a!.history), plain(await tx.jobs.history(ids.a)));
    });
  });

  check('activeInWindow: the runs read from it, one per attempt, with worker, times and outcome', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, ids } = await lab(tx);
      const active = await tx.jobs.activeInWindow(project.id, window(0, 100), 100);
      const runs = Object.fromEntries(active.map((job) => [job.name, plain(runsOf(job))]));
      const run = (jobId: number, attempt: number, worker: string, claimed: number, started: number | null, finished: number | null, outcome: string) =>
        plain({ jobId, attempt, worker, claimedAt: after(claimed), startedAt: started === null ? null : after(started), finishedAt: finished === null ? null : after(finished), outcome });
      t.deepEqual(runs.a, [run(ids.a, 1, 'w1', 1, 2, 3, 'FAILED'), run(ids.a, 2, 'w2', 4, 5, 9, 'COMPLETED')]);
      t.deepEqual(runs.g, [run(ids.g, 1, 'w1', 1, null, 20, 'LEASE_EXPIRED')]);
      t.deepEqual(runs.c, [run(ids.c, 1, 'w2', 6, 6, null, 'RUNNING')]);
      t.deepEqual(runs.e, [run(ids.e, 1, 'w1', 3, 4, 70, 'FAILED')]);
      t.deepEqual(runs.h, [run(ids.h, 1, 'w2', 51, null, null, 'RUNNING')]);
    });
  });

  check('finishedInWindow: COMPLETED and FAILED jobs by UTC minute, run times by task (window half-open)', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task, evalTask } = await lab(tx);
      const figures = async (since: number, until: number) => plain(await tx.jobs.finishedInWindow(project.id, window(since, until)));
      const minute = (at: number, completed: number, failed: number) => plain({ minute: after(at), completed, failed });
      t.deepEqual(await figures(0, 120), {
        minutes: [minute(0, 2, 0), minute(60, 0, 1)],
        tasks: [
          // b ran 2,001 ms and a 4,000: the median is their mean, rounded up from 3,000.5.
          { taskId: task.id, runs: 2, p50Ms: 3001, meanMs: 3001, maxMs: 4000 },
          { taskId: evalTask.id, runs: 1, p50Ms: 66_000, meanMs: 66_000, maxMs: 66_000 },
        ],
      });
      // Finished at the start of the window counts, at its end does not.
      t.deepEqual(await figures(9, 70), { minutes: [minute(0, 1, 0)], tasks: [{ taskId: task.id, runs: 1, p50Ms: 4000, meanMs: 4000, maxMs: 4000 }] });
      t.deepEqual(await figures(100, 200), { minutes: [], tasks: [] });
    });
  });

  check('finishedInWindow: a job that finished without starting counts, and has no run time', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      await tx.jobs.insert([newJob(project.id, task.id)]);
      await saved(tx, fail(await claimBy(tx, project.id, 'w1', 1), 'w1', { reason: 'could not start', exitCode: null }, false, after(2)));
      t.deepEqual(plain(await tx.jobs.finishedInWindow(project.id, window(0, 60))), plain({ minutes: [{ minute: T0, completed: 0, failed: 1 }], tasks: [] }));
    });
  });
};
