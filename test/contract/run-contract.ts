import * as E from 'fp-ts/lib/Either.js';
import type { Job } from '../../src/domain/job.js';
import { complete, start } from '../../src/domain/job-transitions.js';
import { REMOVE_ON_COMPLETE } from '../../src/domain/retention.js';
import { type Check, inTx, plain, right, seed } from './contract-kit.js';
import { after, newJob, newProject, newTask, onJob } from './fixtures.js';

const held = (owner: string, status: 'QUEUED' | 'RUNNING') => ({ status, attempts: 1, lease: { owner, expiresAt: after(600) }, startedAt: status === 'RUNNING' ? after(1) : null });

/** `advanceLeasedRuns`: the run reports' happy path, as the domain's own transitions would do it. */
export const runContract = (check: Check): void => {
  check('advanceLeasedRuns: starts and completes the jobs their lease holders run as the domain would; leaves every other job alone', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [queued, running, both, foreign, pending, early] = (await tx.jobs.insert([
        newJob(project.id, task.id, { name: 'queued', ...held('w1', 'QUEUED') }),
        newJob(project.id, task.id, { name: 'running', ...held('w1', 'RUNNING') }),
        newJob(project.id, task.id, { name: 'both', ...held('w1', 'QUEUED') }),
        newJob(project.id, task.id, { name: 'foreign', ...held('w2', 'QUEUED') }),
        newJob(project.id, task.id, { name: 'pending' }),
        newJob(project.id, task.id, { name: 'early', ...held('w1', 'RUNNING') }),
      ])) as Job[];
      const now = after(30);
      const advanced = await tx.queue.advanceLeasedRuns(
        [
          { id: both!.id, owner: 'w1', start: true, complete: true },
          { id: queued!.id, owner: 'w1', start: true, complete: false },
          { id: running!.id, owner: 'w1', start: false, complete: true },
          { id: foreign!.id, owner: 'w1', start: true, complete: false },
          { id: pending!.id, owner: 'w1', start: true, complete: false },
          { id: early!.id, owner: 'w1', start: true, complete: false },
          { id: 99999, owner: 'w1', start: true, complete: true },
        ],
        now,
      );
      t.deepEqual(
        plain(advanced),
        plain([
          { id: queued!.id, projectId: project.id, taskId: task.id, startedAt: now, awaitsRemoval: false },
          { id: running!.id, projectId: project.id, taskId: task.id, startedAt: running!.startedAt, awaitsRemoval: false },
          { id: both!.id, projectId: project.id, taskId: task.id, startedAt: now, awaitsRemoval: false },
        ]),
        'each with its task and when its run started: now for a start, as stored for a completion alone',
      );
      const domain = (job: Job, steps: ('start' | 'complete')[]): Job =>
        steps.reduce((at, step) => {
          const next = (step === 'start' ? start : complete)(at, 'w1', now);
          if (E.isLeft(next)) throw new Error(next.left.message);
          return next.right;
        }, job);
      const expected = [domain(queued!, ['start']), domain(running!, ['complete']), domain(both!, ['start', 'complete']), foreign!, pending!, early!];
      t.deepEqual(plain(await tx.jobs.getMany(expected.map((job) => job.id))), plain(expected));
      const entry = (from: string, to: string) => ({ from, to, at: now, worker: 'w1', attempt: 1, reason: null });
      t.deepEqual(plain(await tx.jobs.history(queued!.id)), plain([entry('QUEUED', 'RUNNING')]));
      t.deepEqual(plain(await tx.jobs.history(running!.id)), plain([entry('RUNNING', 'COMPLETED')]));
      t.deepEqual(plain(await tx.jobs.history(both!.id)), plain([entry('QUEUED', 'COMPLETED')]), 'one change, as one save of both transitions');
      t.deepEqual(await tx.jobs.history(foreign!.id), []);
      t.deepEqual(await tx.queue.advanceLeasedRuns([], now), []);
      t.deepEqual(await tx.queue.advanceLeasedRuns([{ id: queued!.id, owner: 'w1', start: false, complete: false }], now), [], 'a run of nothing moves nothing');
    });
  });

  check('advanceLeasedRuns: says which completions await removeOnComplete', async (t, store) => {
    await inTx(store, async (tx) => {
      const keeping = right(await tx.projects.insert(newProject('keeping')));
      const removing = right(await tx.projects.insert(newProject('removing', { retention: REMOVE_ON_COMPLETE })));
      const keeps = right(await tx.tasks.insert(newTask(keeping.id, 'keeps')));
      const removes = right(await tx.tasks.insert(newTask(removing.id, 'removes')));
      const [upstream, started, lone, linked, alone] = (await tx.jobs.insert([
        newJob(keeping.id, keeps.id, { name: 'upstream', ...held('w1', 'RUNNING') }),
        newJob(keeping.id, keeps.id, { name: 'started', ...held('w1', 'QUEUED') }),
        newJob(keeping.id, keeps.id, { name: 'lone', ...held('w1', 'RUNNING') }),
        newJob(removing.id, removes.id, { name: 'linked', ...held('w1', 'RUNNING') }),
        newJob(removing.id, removes.id, { name: 'alone', ...held('w1', 'RUNNING') }),
      ])) as Job[];
      await tx.jobs.insert([
        newJob(keeping.id, keeps.id, { name: 'downstream', dependencies: [onJob(upstream!.id), onJob(started!.id)], unmetDependencies: 2 }),
        newJob(removing.id, removes.id, { name: 'after-linked', dependencies: [onJob(linked!.id)], unmetDependencies: 1 }),
      ]);
      const runs = [upstream, started, lone, linked, alone].map((job) => ({ id: job!.id, owner: 'w1', start: job === started, complete: job !== started }));
      const advanced = await tx.queue.advanceLeasedRuns(runs, after(30));
      const awaits = new Map(advanced.map((run) => [run.id, run.awaitsRemoval]));
      t.is(awaits.get(upstream!.id), false, 'a kept completion others wait for');
      t.is(awaits.get(started!.id), false, 'a start');
      t.is(awaits.get(lone!.id), false, 'a kept completion no one waits for');
      t.is(awaits.get(linked!.id), true, 'a removed completion others wait for stays until removeOnComplete');
      t.is(awaits.get(alone!.id), true, 'a removed completion no one waits for');
      await tx.jobs.removeOnComplete(advanced.filter((run) => run.awaitsRemoval).map((run) => run.id));
      t.deepEqual((await tx.jobs.getMany([linked!.id, alone!.id])).map((job) => job.id), [], 'both are gone once removeOnComplete took what awaits it');
    });
  });
};
