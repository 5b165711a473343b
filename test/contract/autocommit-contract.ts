import * as E from 'fp-ts/lib/Either.js';
import type { Store, StoreTransaction } from '../../src/application/ports/store.port.js';
import { type Check, inTx, right, seed } from './contract-kit.js';
import { newJob, newProject, onBatch, onJob } from './fixtures.js';

const autocommitted = async <A>(store: Store, work: (tx: StoreTransaction) => Promise<A>): Promise<A> =>
  right(await store.autocommit<never, A>(async (tx) => E.right(await work(tx))));

/** `Store.autocommit`: every call atomic on its own, with no transaction around the work. */
export const autocommitContract = (check: Check): void => {
  check('autocommit: writes land; a refused name is a Left that leaves the store usable', async (t, store) => {
    const { project, task } = await inTx(store, (tx) => seed(tx));
    const [job] = await autocommitted(store, (tx) => tx.jobs.insert([newJob(project.id, task.id, { name: 'alone' })]));
    t.is((await inTx(store, (tx) => tx.jobs.get(job!.id)))?.name, 'alone');
    const again = await autocommitted(store, async (tx) => [await tx.projects.insert(newProject('twice')), await tx.projects.insert(newProject('twice'))]);
    t.true(E.isRight(again[0]!));
    t.like(again[1], { _tag: 'Left', left: { _tag: 'NameTaken' } });
    t.true(E.isRight(await autocommitted(store, (tx) => tx.projects.insert(newProject('after')))));
  });

  check('autocommit: an insert of several statements (edges, chunks) lands whole or not at all', async (t, store) => {
    const { project, task } = await inTx(store, (tx) => seed(tx));
    const before = await inTx(store, (tx) => tx.jobs.ids({ projectId: project.id, taskId: null, status: null }));
    // The second job's edge points at a job that does not exist: nothing of the batch may stay.
    await t.throwsAsync(
      autocommitted(store, (tx) =>
        tx.jobs.insert([newJob(project.id, task.id, { name: 'first' }), newJob(project.id, task.id, { name: 'broken', dependencies: [onBatch(0), onJob(99999)], unmetDependencies: 2 })]),
      ),
    );
    t.deepEqual(await inTx(store, (tx) => tx.jobs.ids({ projectId: project.id, taskId: null, status: null })), before);
    const many = await autocommitted(store, (tx) => tx.jobs.insert(Array.from({ length: 4_100 }, (_, index) => newJob(project.id, task.id, { name: `j${index}` }))));
    t.is(many.length, 4_100);
    t.is((await inTx(store, (tx) => tx.jobs.ids({ projectId: project.id, taskId: null, status: null }))).length, before.length + 4_100);
  });
};
