import type { Job } from '../../src/domain/job.js';
import type { Claimant } from '../../src/domain/job-transitions.js';
import { UNLIMITED_OFFER, type Offer } from '../../src/domain/resources.js';
import { type Check, inTx, plain, right, seed, sorted } from './contract-kit.js';
import { after, newJob, newProject, newTask, onJob } from './fixtures.js';

const claimant: Claimant = { owner: 'w1', leaseSeconds: 60 };
const cpus = (cpu: number): Offer => ({ cpu, accelerators: 0, memoryMb: null });

/** `Store.claim`: a claim as one step of its own, whichever way the store makes it atomic. */
export const storeClaimContract = (check: Check): void => {
  check('Store.claim: jobs that each fit, in claim order with their tasks, claimed and saved; the count is from before the claim', async (t, store) => {
    const { project, task, jobs } = await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const need = (priority: number, cpu: number) => newJob(project.id, task.id, { priority, requirements: { cpu, accelerators: 0, memoryMb: 0 } });
      return { project, task, jobs: (await tx.jobs.insert([need(1, 1), need(9, 4), need(5, 8), need(5, 2)])) as Job[] };
    });
    const request = { projectId: project.id, claimant, now: after(100), fit: 'each' as const };
    const first = await store.claim({ ...request, offer: cpus(4) }, 2, true);
    // Each fits 4 cpus on its own (4 + 2 would not fit together); the 8-cpu job is skipped.
    t.deepEqual(
      first.claimed.map(({ job }) => job.id),
      [jobs[1]!.id, jobs[3]!.id],
    );
    t.is(first.pending, 4);
    t.true(first.projectFound);
    for (const { job, task: itsTask } of first.claimed) {
      t.like(job, { status: 'QUEUED', attempts: 1, lease: { owner: 'w1', expiresAt: after(160) }, updatedAt: after(100) });
      t.deepEqual(plain(itsTask), plain(task));
      t.deepEqual(plain(await inTx(store, (tx) => tx.jobs.get(job.id))), plain(job));
    }
    const second = await store.claim({ ...request, offer: cpus(4) }, 5, false);
    t.deepEqual(
      second.claimed.map(({ job }) => job.id),
      [jobs[0]!.id],
    );
    t.is(second.pending, null);
    const nothing = await store.claim({ ...request, offer: cpus(4) }, 5, true);
    t.deepEqual(nothing, { claimed: [], pending: 1, projectFound: true }, 'the 8-cpu job stays pending and counted');
    t.deepEqual(await store.claim({ ...request, offer: UNLIMITED_OFFER }, 0, true), { claimed: [], pending: 1, projectFound: true });
    t.deepEqual(
      plain(await inTx(store, (tx) => tx.jobs.history(jobs[1]!.id))),
      plain([{ from: 'PENDING', to: 'QUEUED', at: after(100), worker: 'w1', attempt: 1, reason: null }]),
    );
  });

  check('Store.claim: each claimed job carries its own dependencies, ascending, and a job without any none', async (t, store) => {
    const { project, done, jobs } = await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const done = (await tx.jobs.insert([0, 0, 0].map(() => newJob(project.id, task.id, { status: 'COMPLETED' })))) as Job[];
      const [a, b, c] = done;
      const met = (priority: number, on: readonly Job[]) =>
        newJob(project.id, task.id, { priority, dependencies: on.map((job) => onJob(job.id)), unmetDependencies: 0 });
      return { project, done, jobs: (await tx.jobs.insert([met(9, [c!, a!]), met(8, []), met(7, [b!]), met(6, [b!, a!])])) as Job[] };
    });
    const [a, b, c] = done.map((job) => job.id);
    const request = { projectId: project.id, claimant, now: after(100), offer: cpus(64), fit: 'each' as const };
    const many = await store.claim(request, 3, false);
    t.deepEqual(
      many.claimed.map(({ job }) => [job.id, job.dependencies]),
      [
        [jobs[0]!.id, [a, c]],
        [jobs[1]!.id, []],
        [jobs[2]!.id, [b]],
      ],
    );
    const one = await store.claim(request, 1, false);
    t.deepEqual(
      one.claimed.map(({ job }) => [job.id, job.dependencies]),
      [[jobs[3]!.id, [a, b]]],
    );
  });

  check('Store.claim: jobs that fit together are packed; one job, an idle or unknown project', async (t, store) => {
    const { project, idle, jobs } = await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const idle = right(await tx.projects.insert(newProject('idle')));
      right(await tx.tasks.insert(newTask(idle.id, 'train')));
      const need = (priority: number, cpu: number) => newJob(project.id, task.id, { priority, requirements: { cpu, accelerators: 0, memoryMb: 0 } });
      return { project, idle, jobs: (await tx.jobs.insert([need(9, 4), need(8, 3), need(7, 2), need(6, 1)])) as Job[] };
    });
    const request = { projectId: project.id, claimant, now: after(100), fit: 'together' as const };
    const packed = await store.claim({ ...request, offer: cpus(8) }, 10, true);
    t.deepEqual(
      packed.claimed.map(({ job }) => job.id),
      [jobs[0]!.id, jobs[1]!.id, jobs[3]!.id],
    );
    t.is(packed.pending, 4);
    const one = await store.claim({ ...request, offer: cpus(8) }, 1, true);
    t.deepEqual(
      one.claimed.map(({ job }) => job.id),
      [jobs[2]!.id],
    );
    t.is(one.pending, 1);
    t.deepEqual(await store.claim({ ...request, projectId: idle.id, offer: UNLIMITED_OFFER }, 1, true), { claimed: [], pending: 0, projectFound: true });
    t.deepEqual(await store.claim({ ...request, projectId: 99999, offer: UNLIMITED_OFFER }, 3, true), { claimed: [], pending: 0, projectFound: false });
    t.deepEqual(await store.claim({ ...request, projectId: 99999, offer: UNLIMITED_OFFER, fit: 'each' }, 3, false), { claimed: [], pending: null, projectFound: false });
  });

  check('Store.claim: concurrent claims hand out each job exactly once', async (t, store) => {
    const count = 60;
    const { projectId, jobIds } = await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const jobs = await tx.jobs.insert(Array.from({ length: count }, (_, i) => newJob(project.id, task.id, { priority: i % 7 })));
      return { projectId: project.id, jobIds: jobs.map((job) => job.id) };
    });
    const claims = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        store.claim({ projectId, offer: UNLIMITED_OFFER, claimant: { owner: `w${i}`, leaseSeconds: 60 }, now: after(1), fit: i % 2 === 0 ? 'each' : 'together' }, 3, i % 3 === 0),
      ),
    );
    const claimedIds = claims.flatMap((claim) => claim.claimed.map(({ job }) => job.id));
    t.is(claimedIds.length, new Set(claimedIds).size, 'no job twice');
    const rest = await store.claim({ projectId, offer: UNLIMITED_OFFER, claimant, now: after(2), fit: 'each' }, count, false);
    t.deepEqual(sorted([...claimedIds, ...rest.claimed.map(({ job }) => job.id)]), sorted(jobIds));
    t.true(claims.every((claim) => claim.claimed.every(({ job }) => job.attempts === 1 && job.status === 'QUEUED')));
  });
};
