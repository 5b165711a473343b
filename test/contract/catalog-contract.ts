import * as E from 'fp-ts/lib/Either.js';
import { type Check, ids, inTx, plain, right, seed } from './contract-kit.js';
import { after, newJob, newProject, newTask, registration } from './fixtures.js';

const all = { limit: 100, offset: 0 };

/** Projects, tasks and workers: CRUD, order, paging, name uniqueness, cascades. */
export const catalogContract = (check: Check): void => {
  check('projects: insert, get, getByName, list in id order with status filter and paging', async (t, store) => {
    const [alpha, beta, gamma] = await inTx(store, async (tx) => [
      right(await tx.projects.insert(newProject('alpha'))),
      right(await tx.projects.insert(newProject('beta', { status: 'ARCHIVED', description: 'old', updatedAt: after(5) }))),
      right(await tx.projects.insert(newProject('gamma'))),
    ]);
    t.true(Number.isInteger(alpha!.id) && alpha!.id > 0);
    t.true(alpha!.id < beta!.id && beta!.id < gamma!.id);
    t.deepEqual(plain(beta), plain({ ...newProject('beta', { status: 'ARCHIVED', description: 'old', updatedAt: after(5) }), id: beta!.id }));

    await inTx(store, async (tx) => {
      t.deepEqual(plain(await tx.projects.get(beta!.id)), plain(beta));
      t.deepEqual(plain(await tx.projects.getByName('gamma')), plain(gamma));
      t.is(await tx.projects.getByName('delta'), null);
      t.is(await tx.projects.get(gamma!.id + 100), null);
      t.deepEqual(ids(await tx.projects.list(null, all)), ids([alpha!, beta!, gamma!]));
      t.deepEqual(ids(await tx.projects.list('ACTIVE', all)), ids([alpha!, gamma!]));
      t.deepEqual(ids(await tx.projects.list('ARCHIVED', all)), ids([beta!]));
      t.deepEqual(ids(await tx.projects.list(null, { limit: 2, offset: 1 })), ids([beta!, gamma!]));
      t.deepEqual(ids(await tx.projects.list(null, { limit: 1, offset: 0 })), ids([alpha!]));
      t.deepEqual(await tx.projects.list(null, { limit: 10, offset: 3 }), []);
    });
  });

  check('projects: names are unique on insert and update', async (t, store) => {
    await inTx(store, async (tx) => {
      const alpha = right(await tx.projects.insert(newProject('alpha')));
      const beta = right(await tx.projects.insert(newProject('beta')));

      const duplicate = await tx.projects.insert(newProject('alpha'));
      t.true(E.isLeft(duplicate));
      if (E.isLeft(duplicate)) t.like(duplicate.left, { _tag: 'NameTaken', entity: 'project', name: 'alpha', message: "A project named 'alpha' already exists." });

      const clash = await tx.projects.update({ ...beta, name: 'alpha' });
      t.true(E.isLeft(clash));
      if (E.isLeft(clash)) t.like(clash.left, { _tag: 'NameTaken', entity: 'project', name: 'alpha' });
      t.is((await tx.projects.get(beta.id))!.name, 'beta');

      const same = await tx.projects.update({ ...alpha, description: 'kept its name', updatedAt: after(60) });
      t.deepEqual(plain(right(same)), plain({ ...alpha, description: 'kept its name', updatedAt: after(60) }));

      right(await tx.projects.update({ ...alpha, name: 'renamed' }));
      t.is(await tx.projects.getByName('alpha'), null);
      t.is((await tx.projects.getByName('renamed'))!.id, alpha.id);
      t.true(E.isRight(await tx.projects.insert(newProject('alpha'))));
    });
  });

  check('projects: delete cascades to tasks and jobs, and frees the name', async (t, store) => {
    const { doomed, kept, keptJob, doomedJob, doomedTask } = await inTx(store, async (tx) => {
      const doomedSeed = await seed(tx, 'doomed');
      const keptSeed = await seed(tx, 'kept');
      const [first] = await tx.jobs.insert([newJob(doomedSeed.project.id, doomedSeed.task.id)]);
      await tx.jobs.insert([newJob(doomedSeed.project.id, doomedSeed.task.id, { dependencies: [{ kind: 'job', id: first!.id }] })]);
      const [other] = await tx.jobs.insert([newJob(keptSeed.project.id, keptSeed.task.id)]);
      return { doomed: doomedSeed.project, kept: keptSeed.project, keptJob: other!, doomedJob: first!, doomedTask: doomedSeed.task };
    });
    await inTx(store, (tx) => tx.projects.delete(doomed.id));
    await inTx(store, async (tx) => {
      t.is(await tx.projects.get(doomed.id), null);
      t.is(await tx.tasks.get(doomedTask.id), null);
      t.is(await tx.jobs.get(doomedJob.id), null);
      t.deepEqual(await tx.jobs.list({ projectId: doomed.id, taskId: null, status: null, ...all }), []);
      t.deepEqual(await tx.tasks.list(doomed.id, all), []);
      t.is(await tx.queue.countPending(doomed.id), 0);
      t.deepEqual(ids(await tx.projects.list(null, all)), [kept.id]);
      t.deepEqual(ids(await tx.jobs.list({ projectId: null, taskId: null, status: null, ...all })), [keptJob.id]);
      t.true(E.isRight(await tx.projects.insert(newProject('doomed'))));
      // Deleting what does not exist is not an error.
      await tx.projects.delete(doomed.id);
    });
  });

  check('tasks: insert, get, getMany, getByName, list in id order with paging', async (t, store) => {
    await inTx(store, async (tx) => {
      const one = right(await tx.projects.insert(newProject('one')));
      const two = right(await tx.projects.insert(newProject('two')));
      const options = { commandTemplate: 'python train.py {lr}', requirements: { cpu: 4, accelerators: 2, memoryMb: 2048 }, maxAttempts: 5, retryOnFailure: true, timeoutSeconds: 90 };
      const train = right(await tx.tasks.insert(newTask(one.id, 'train', options)));
      const evaluate = right(await tx.tasks.insert(newTask(one.id, 'evaluate')));
      const trainTwo = right(await tx.tasks.insert(newTask(two.id, 'train')));
      const report = right(await tx.tasks.insert(newTask(one.id, 'report')));
      t.true(train.id < evaluate.id && evaluate.id < trainTwo.id && trainTwo.id < report.id);
      t.deepEqual(plain(train), plain({ ...newTask(one.id, 'train', options), id: train.id }));

      t.deepEqual(plain(await tx.tasks.get(train.id)), plain(train));
      t.is(await tx.tasks.get(report.id + 100), null);
      t.deepEqual(ids(await tx.tasks.getMany([report.id, train.id, report.id + 100, evaluate.id])), [train.id, evaluate.id, report.id]);
      t.deepEqual(await tx.tasks.getMany([]), []);

      t.is((await tx.tasks.getByName('train', two.id))!.id, trainTwo.id);
      t.is((await tx.tasks.getByName('train', null))!.id, train.id);
      t.is(await tx.tasks.getByName('evaluate', two.id), null);
      t.is(await tx.tasks.getByName('missing', null), null);

      t.deepEqual(ids(await tx.tasks.list(one.id, all)), [train.id, evaluate.id, report.id]);
      t.deepEqual(ids(await tx.tasks.list(one.id, { limit: 1, offset: 1 })), [evaluate.id]);
      t.deepEqual(ids(await tx.tasks.list(two.id, all)), [trainTwo.id]);
      t.deepEqual(await tx.tasks.list(two.id + 100, all), []);

      const revised = { ...evaluate, commandTemplate: 'eval {x}', requirements: { cpu: 2, accelerators: 0, memoryMb: 0 }, updatedAt: after(9) };
      t.deepEqual(plain(right(await tx.tasks.update(revised))), plain(revised));
      t.deepEqual(plain(await tx.tasks.get(evaluate.id)), plain(revised));
    });
  });

  check('tasks: names are unique within a project only', async (t, store) => {
    await inTx(store, async (tx) => {
      const one = right(await tx.projects.insert(newProject('one')));
      const two = right(await tx.projects.insert(newProject('two')));
      const train = right(await tx.tasks.insert(newTask(one.id, 'train')));
      const evaluate = right(await tx.tasks.insert(newTask(one.id, 'evaluate')));

      const duplicate = await tx.tasks.insert(newTask(one.id, 'train'));
      t.true(E.isLeft(duplicate));
      if (E.isLeft(duplicate)) {
        t.like(duplicate.left, { _tag: 'NameTaken', entity: 'task', name: 'train', message: `A task named 'train' already exists in project ${one.id}.` });
      }
      t.true(E.isRight(await tx.tasks.insert(newTask(two.id, 'train'))));

      const clash = await tx.tasks.update({ ...evaluate, name: 'train' });
      t.true(E.isLeft(clash));
      if (E.isLeft(clash)) t.like(clash.left, { _tag: 'NameTaken', entity: 'task', name: 'train' });
      t.is((await tx.tasks.get(evaluate.id))!.name, 'evaluate');
      t.true(E.isRight(await tx.tasks.update({ ...train, maxAttempts: 7 })));
      t.true(E.isRight(await tx.tasks.update({ ...evaluate, name: 'score' })));
      t.true(E.isRight(await tx.tasks.insert(newTask(one.id, 'evaluate'))));
    });
  });

  check('tasks: delete cascades to the task’s jobs and their edges', async (t, store) => {
    const { project, task, other, first, second, outside } = await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const other = right(await tx.tasks.insert(newTask(project.id, 'evaluate')));
      const [first, second] = await tx.jobs.insert([newJob(project.id, task.id), newJob(project.id, task.id)]);
      const [outside] = await tx.jobs.insert([newJob(project.id, other.id, { dependencies: [{ kind: 'job', id: first!.id }] })]);
      return { project, task, other, first: first!, second: second!, outside: outside! };
    });
    await inTx(store, (tx) => tx.tasks.delete(task.id));
    await inTx(store, async (tx) => {
      t.is(await tx.tasks.get(task.id), null);
      t.deepEqual(await tx.jobs.getMany([first.id, second.id]), []);
      t.deepEqual(ids(await tx.tasks.list(project.id, all)), [other.id]);
      t.deepEqual((await tx.jobs.get(outside.id))!.dependencies, []);
      t.deepEqual(await tx.jobs.directDependentsOutside([first.id]), []);
    });
  });

  check('workers: save inserts or replaces, get, list by creation then id, active filter, paging, delete', async (t, store) => {
    const old = registration('zeta', { createdAt: after(-60), description: 'first', resources: { cpu: 2, accelerators: 0, memoryMb: 512 } });
    const tiedB = registration('w-b', { lastHeartbeat: after(30) });
    const tiedA = registration('w-a');
    const idle = registration('idle', { createdAt: after(60), active: false });
    await inTx(store, async (tx) => {
      for (const worker of [tiedB, idle, old, tiedA]) await tx.workers.save(worker);
    });
    await inTx(store, async (tx) => {
      t.deepEqual(plain(await tx.workers.get('zeta')), plain(old));
      t.is(await tx.workers.get('nobody'), null);
      t.deepEqual(
        (await tx.workers.list(false, all)).map((w) => w.id),
        ['zeta', 'w-a', 'w-b', 'idle'],
      );
      t.deepEqual(
        (await tx.workers.list(true, all)).map((w) => w.id),
        ['zeta', 'w-a', 'w-b'],
      );
      t.deepEqual(
        (await tx.workers.list(false, { limit: 2, offset: 1 })).map((w) => w.id),
        ['w-a', 'w-b'],
      );
      const revived = { ...idle, active: true, name: 'revived', lastHeartbeat: after(120) };
      await tx.workers.save(revived);
      t.deepEqual(plain(await tx.workers.get('idle')), plain(revived));
      t.is((await tx.workers.list(true, all)).length, 4);
      await tx.workers.delete('w-a');
      await tx.workers.delete('nobody');
      t.is(await tx.workers.get('w-a'), null);
      t.deepEqual(
        (await tx.workers.list(false, all)).map((w) => w.id),
        ['zeta', 'w-b', 'idle'],
      );
    });
  });
};
