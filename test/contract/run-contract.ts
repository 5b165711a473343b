import * as E from 'fp-ts/lib/Either.js';
import type { Job } from '../../src/domain/job.js';
import { complete, start } from '../../src/domain/job-transitions.js';
import { type Check, inTx, plain, seed } from './contract-kit.js';
import { after, newJob } from './fixtures.js';

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
          { id: queued!.id, projectId: project.id, taskId: task.id, startedAt: now },
          { id: running!.id, projectId: project.id, taskId: task.id, startedAt: running!.startedAt },
          { id: both!.id, projectId: project.id, taskId: task.id, startedAt: now },
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
};
