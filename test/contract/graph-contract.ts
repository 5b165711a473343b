import type { Job } from '../../src/domain/job.js';
import { UNLIMITED_OFFER } from '../../src/domain/resources.js';
import { type Check, ids, inTx, plain, seed, claimOne } from './contract-kit.js';
import { after, newJob, onJob } from './fixtures.js';

const claimant = { owner: 'w', leaseSeconds: 60 };

/** The dependency graph: satisfying, blocking and walking dependents. */
export const graphContract = (check: Check): void => {
  check('satisfyDependents: each direct dependent has one unmet dependency fewer, never below 0', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [a, x] = await tx.jobs.insert([newJob(project.id, task.id), newJob(project.id, task.id)]);
      const [b, c, e] = await tx.jobs.insert([
        newJob(project.id, task.id, { dependencies: [onJob(a!.id)], priority: 1 }),
        newJob(project.id, task.id, { dependencies: [onJob(a!.id), onJob(x!.id)] }),
        newJob(project.id, task.id, { dependencies: [onJob(a!.id)], unmetDependencies: 0 }),
      ]);
      const [d] = await tx.jobs.insert([newJob(project.id, task.id, { dependencies: [onJob(b!.id)] })]);
      await tx.jobs.update({ ...a!, status: 'COMPLETED' });
      await tx.jobs.update({ ...x!, status: 'RUNNING' });

      await tx.jobs.satisfyDependents([a!.id], after(10));
      const [bNow, cNow, eNow, dNow] = (await tx.jobs.getMany([b!.id, c!.id, d!.id, e!.id])) as [Job, Job, Job, Job];
      t.is(bNow.unmetDependencies, 0);
      t.is(bNow.updatedAt.getTime(), after(10).getTime());
      t.is(cNow.unmetDependencies, 1);
      t.is(cNow.updatedAt.getTime(), after(10).getTime());
      t.is(eNow.unmetDependencies, 0);
      t.deepEqual(plain(dNow), plain(d));
      // b became ready (and outranks e); c and d still wait.
      t.is((await claimOne(tx, { projectId: project.id, offer: UNLIMITED_OFFER, claimant, now: after(11) }))?.id, b!.id);
      t.is((await claimOne(tx, { projectId: project.id, offer: UNLIMITED_OFFER, claimant, now: after(11) }))?.id, e!.id);
      t.is(await claimOne(tx, { projectId: project.id, offer: UNLIMITED_OFFER, claimant, now: after(11) }), null);
      await tx.jobs.satisfyDependents([99999], after(12));
    });
  });

  check('blockDependents: blocks every PENDING job downstream (chain and diamond), walking through the others', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [root, unrelated] = await tx.jobs.insert([newJob(project.id, task.id, { status: 'FAILED' }), newJob(project.id, task.id)]);
      const on = (...deps: Job[]) => deps.map((dep) => onJob(dep.id));
      // Chain: root -> a -> b (RUNNING) -> c.
      const [a] = await tx.jobs.insert([newJob(project.id, task.id, { dependencies: on(root!) })]);
      const [b] = await tx.jobs.insert([newJob(project.id, task.id, { dependencies: on(a!), status: 'RUNNING', lease: { owner: 'w', expiresAt: null } })]);
      const [c] = await tx.jobs.insert([newJob(project.id, task.id, { dependencies: on(b!) })]);
      // Diamond: root -> x, y -> z; and a COMPLETED dependent of root.
      const [x, y, done] = await tx.jobs.insert([
        newJob(project.id, task.id, { dependencies: on(root!) }),
        newJob(project.id, task.id, { dependencies: on(root!) }),
        newJob(project.id, task.id, { dependencies: on(root!), status: 'COMPLETED', unmetDependencies: 0 }),
      ]);
      const [z] = await tx.jobs.insert([newJob(project.id, task.id, { dependencies: on(x!, y!) })]);
      const untouched = (await tx.jobs.getMany([root!.id, b!.id, done!.id, unrelated!.id])).map(plain);

      const reason = `blocked by job ${root!.id}`;
      const blocked = await tx.jobs.blockDependents([root!.id], root!.id, reason, after(5));
      t.deepEqual(blocked, [a!.id, c!.id, x!.id, y!.id, z!.id]);
      for (const job of await tx.jobs.getMany(blocked)) {
        t.like(job, { status: 'BLOCKED', blockedBy: root!.id, failureReason: reason });
        t.is(job.updatedAt.getTime(), after(5).getTime());
      }
      t.deepEqual((await tx.jobs.getMany([root!.id, b!.id, done!.id, unrelated!.id])).map(plain), untouched);
      t.is((await claimOne(tx, { projectId: project.id, offer: UNLIMITED_OFFER, claimant, now: after(6) }))?.id, unrelated!.id);
      t.is(await claimOne(tx, { projectId: project.id, offer: UNLIMITED_OFFER, claimant, now: after(6) }), null);
      t.deepEqual(await tx.jobs.blockDependents([root!.id], root!.id, reason, after(7)), []);
      t.deepEqual(await tx.jobs.blockDependents([], root!.id, reason, after(7)), []);
    });
  });

  check('blockDependents: several roots at once, each downstream job changed once', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [p, q] = await tx.jobs.insert([newJob(project.id, task.id, { status: 'CANCELLED' }), newJob(project.id, task.id, { status: 'FAILED' })]);
      const [shared, onlyQ] = await tx.jobs.insert([
        newJob(project.id, task.id, { dependencies: [onJob(p!.id), onJob(q!.id)] }),
        newJob(project.id, task.id, { dependencies: [onJob(q!.id)] }),
      ]);
      t.deepEqual(await tx.jobs.blockDependents([q!.id, p!.id], p!.id, 'gone', after(1)), [shared!.id, onlyQ!.id]);
      t.like(await tx.jobs.get(onlyQ!.id), { status: 'BLOCKED', blockedBy: p!.id, failureReason: 'gone' });
    });
  });

  check('transitiveDependents and directDependentsOutside walk the reverse edges', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const job = async (...deps: (Job | undefined)[]): Promise<Job> =>
        (await tx.jobs.insert([newJob(project.id, task.id, { dependencies: deps.map((dep) => onJob(dep!.id)) })]))[0]!;
      const a = await job();
      const b = await job(a);
      const c = await job(a);
      const d = await job(b, c);
      const e = await job(d);
      const f = await job();
      await job(f);

      t.deepEqual(ids(await tx.jobs.transitiveDependents(a.id)), [b.id, c.id, d.id, e.id]);
      t.deepEqual(ids(await tx.jobs.transitiveDependents(c.id)), [d.id, e.id]);
      t.deepEqual(ids(await tx.jobs.transitiveDependents(e.id)), []);
      t.deepEqual(ids(await tx.jobs.transitiveDependents(99999)), []);
      t.deepEqual(plain((await tx.jobs.transitiveDependents(d.id))[0]), plain(e));

      t.deepEqual(await tx.jobs.directDependentsOutside([a.id]), [b.id, c.id]);
      t.deepEqual(await tx.jobs.directDependentsOutside([a.id, b.id]), [c.id, d.id]);
      t.deepEqual(await tx.jobs.directDependentsOutside([b.id, c.id]), [d.id]);
      t.deepEqual(await tx.jobs.directDependentsOutside([a.id, b.id, c.id, d.id, e.id]), []);
      t.deepEqual(await tx.jobs.directDependentsOutside([]), []);
    });
  });
};
