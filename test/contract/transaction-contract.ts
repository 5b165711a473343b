import * as E from 'fp-ts/lib/Either.js';
import type { Store } from '../../src/application/ports/store.port.js';
import { UNLIMITED_OFFER } from '../../src/domain/resources.js';
import { type Check, inTx, plain, right, rolledBack, seed, sorted, claimOne } from './contract-kit.js';
import { after, newJob, newProject, newTask, onJob, registration } from './fixtures.js';

const all = { limit: 1000, offset: 0 };
const claimant = { owner: 'w1', leaseSeconds: 60 };

/** Everything a caller can observe, to compare before and after a rollback. */
const snapshot = (store: Store) =>
  inTx(store, async (tx) => {
    const projects = await tx.projects.list(null, all);
    const tasks = (await Promise.all(projects.map((p) => tx.tasks.list(p.id, all)))).flat();
    const jobs = await tx.jobs.list({ projectId: null, taskId: null, status: null, ...all });
    const edges = await Promise.all(jobs.map(async (job) => [job.id, await tx.jobs.directDependentsOutside([job.id])]));
    const counts = await Promise.all(projects.map((p) => tx.queue.countByTaskAndStatus(p.id)));
    const pending = await Promise.all(projects.map((p) => tx.queue.countPending(p.id)));
    const histories = await Promise.all(jobs.map((job) => tx.jobs.history(job.id)));
    const workers = await tx.workers.list(false, all);
    return plain({ projects, tasks, jobs, edges, counts, pending, histories, workers });
  });

/** Transactions: commit on Right, full rollback on Left or a throw, and serial claims. */
export const transactionContract = (check: Check): void => {
  check('transaction: a Left rolls back every change, the claim index included', async (t, store) => {
    const { project, task, a, b, c, d } = await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [a, c, d] = await tx.jobs.insert([
        newJob(project.id, task.id, { priority: 1 }),
        newJob(project.id, task.id),
        newJob(project.id, task.id, { priority: -1 }),
      ]);
      const [b] = await tx.jobs.insert([newJob(project.id, task.id, { priority: 5, dependencies: [onJob(a!.id)] })]);
      await tx.workers.save(registration('w1'));
      return { project, task, a: a!, b: b!, c: c!, d: d! };
    });
    const before = await snapshot(store);

    await rolledBack(store, async (tx) => {
      const ghost = right(await tx.projects.insert(newProject('ghost')));
      const ghostTask = right(await tx.tasks.insert(newTask(ghost.id, 'haunt')));
      await tx.jobs.insert([newJob(ghost.id, ghostTask.id), newJob(project.id, task.id, { priority: 50 })]);
      right(await tx.projects.update({ ...project, name: 'renamed', description: 'changed' }));
      right(await tx.tasks.update({ ...task, name: 'retitled' }));
      right(await tx.tasks.insert(newTask(project.id, 'evaluate')));
      t.is((await claimOne(tx, { projectId: project.id, offer: UNLIMITED_OFFER, claimant, now: after(1) }))?.priority, 50);
      t.is((await claimOne(tx, { projectId: project.id, offer: UNLIMITED_OFFER, claimant, now: after(1) }))?.id, a.id);
      await tx.jobs.update({ ...a, status: 'COMPLETED' });
      await tx.jobs.satisfyDependents([a.id], after(2));
      await tx.jobs.update({ ...c, priority: 100, dependencies: [d.id], unmetDependencies: 1 });
      await tx.jobs.delete([d.id]);
      await tx.jobs.blockDependents([a.id], a.id, 'blocked', after(3));
      await tx.jobs.updateUnclaimedJobsOfTask(task.id, { cpu: 9, accelerators: 9, memoryMb: 9 }, 1, after(4));
      await tx.queue.renewLeases('w1', after(1000), after(5));
      await tx.workers.save(registration('w2'));
      await tx.workers.delete('w1');
    });

    t.deepEqual(await snapshot(store), before);
    await inTx(store, async (tx) => {
      t.is(await tx.projects.getByName('ghost'), null);
      t.is(await tx.tasks.getByName('haunt', null), null);
      t.deepEqual(await tx.queue.lockExpiredLeases(after(100000), 10), []);
      const order = [];
      for (let i = 0; i < 4; i++) order.push((await claimOne(tx, { projectId: project.id, offer: UNLIMITED_OFFER, claimant, now: after(9) }))?.id ?? null);
      // a is claimable again; b still waits for a.
      t.deepEqual(order, [a.id, c.id, d.id, null]);
      t.is((await tx.jobs.get(b.id))!.unmetDependencies, 1);
      // Names freed by the rollback can be taken.
      t.true(E.isRight(await tx.projects.insert(newProject('ghost'))));
    });
  });

  check('transaction: a throw rolls back and the same error reaches the caller', async (t, store) => {
    const { project, job } = await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [job] = await tx.jobs.insert([newJob(project.id, task.id)]);
      return { project, job: job! };
    });
    const before = await snapshot(store);
    const boom = new Error('boom');
    await t.throwsAsync(
      store.transaction(async (tx) => {
        await claimOne(tx, { projectId: project.id, offer: UNLIMITED_OFFER, claimant, now: after(1) });
        right(await tx.projects.insert(newProject('ghost')));
        throw boom;
      }),
      { is: boom },
    );
    t.deepEqual(await snapshot(store), before);
    t.is(await inTx(store, async (tx) => (await claimOne(tx, { projectId: project.id, offer: UNLIMITED_OFFER, claimant, now: after(2) }))?.id), job.id);
  });

  check('transaction: Right commits and returns the value; Left returns the error', async (t, store) => {
    const committed = await store.transaction(async (tx) => E.right(right(await tx.projects.insert(newProject('kept'))).name));
    t.deepEqual(committed, E.right('kept'));
    const refused = await store.transaction(async (tx) => {
      await tx.projects.insert(newProject('dropped'));
      return E.left('nope');
    });
    t.deepEqual(refused, E.left('nope'));
    const names = await inTx(store, async (tx) => (await tx.projects.list(null, all)).map((p) => p.name));
    t.deepEqual(names, ['kept']);
    await store.ping();
  });

  check('transaction: concurrent claimers receive each job exactly once', async (t, store) => {
    const count = 50;
    const { projectId, jobIds } = await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const jobs = await tx.jobs.insert(Array.from({ length: count }, (_, i) => newJob(project.id, task.id, { priority: i % 7 })));
      return { projectId: project.id, jobIds: jobs.map((job) => job.id) };
    });
    const claims = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        inTx(store, (tx) => claimOne(tx, { projectId, offer: UNLIMITED_OFFER, claimant: { owner: `w${i}`, leaseSeconds: 60 }, now: after(1) })),
      ),
    );
    const claimedIds = claims.map((job) => job?.id ?? null);
    t.false(claimedIds.includes(null));
    t.deepEqual(sorted(claimedIds as number[]), sorted(jobIds));
    t.true(claims.every((job) => job?.attempts === 1 && job.status === 'QUEUED'));
    t.is(await inTx(store, (tx) => claimOne(tx, { projectId, offer: UNLIMITED_OFFER, claimant, now: after(2) })), null);
    const owners = await inTx(store, async (tx) => (await tx.jobs.getMany(jobIds)).map((job) => job.lease?.owner));
    t.is(new Set(owners).size, count);
  });
};
