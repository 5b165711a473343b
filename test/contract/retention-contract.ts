import { keepFor, KEEP_FOREVER, REMOVE_ON_COMPLETE } from '../../src/domain/retention.js';
import { type Check, inTx, right } from './contract-kit.js';
import { after, newJob, newProject, newTask, onJob } from './fixtures.js';

/** Retention: which jobs `removeOnComplete` and `sweepExpired` delete, by the project's and the task's retention. */
export const retentionContract = (check: Check): void => {
  check('projects and tasks keep their retention; a task without one stores null', async (t, store) => {
    await inTx(store, async (tx) => {
      const project = right(await tx.projects.insert(newProject('lab', { retention: keepFor(3600) })));
      const own = right(await tx.tasks.insert(newTask(project.id, 'own', { retention: REMOVE_ON_COMPLETE })));
      const inherits = right(await tx.tasks.insert(newTask(project.id, 'inherits')));
      t.deepEqual((await tx.projects.get(project.id))?.retention, keepFor(3600));
      t.deepEqual((await tx.tasks.get(own.id))?.retention, REMOVE_ON_COMPLETE);
      t.is((await tx.tasks.get(inherits.id))?.retention, null);
      right(await tx.projects.update({ ...project, retention: KEEP_FOREVER }));
      right(await tx.tasks.update({ ...own, retention: keepFor(60) }));
      t.deepEqual((await tx.projects.get(project.id))?.retention, KEEP_FOREVER);
      t.deepEqual((await tx.tasks.get(own.id))?.retention, keepFor(60));
    });
  });

  check("removeOnComplete deletes the COMPLETED jobs whose task's retention, else the project's, says so", async (t, store) => {
    await inTx(store, async (tx) => {
      const removing = right(await tx.projects.insert(newProject('removing', { retention: REMOVE_ON_COMPLETE })));
      const keeping = right(await tx.projects.insert(newProject('keeping')));
      const follows = right(await tx.tasks.insert(newTask(removing.id, 'follows')));
      const keeps = right(await tx.tasks.insert(newTask(removing.id, 'keeps', { retention: KEEP_FOREVER })));
      const removes = right(await tx.tasks.insert(newTask(keeping.id, 'removes', { retention: REMOVE_ON_COMPLETE })));
      const plain = right(await tx.tasks.insert(newTask(keeping.id, 'plain')));
      const done = { status: 'COMPLETED' as const, finishedAt: after(1) };
      const [a, b, c, d, failed] = await tx.jobs.insert([
        newJob(removing.id, follows.id, done),
        newJob(removing.id, keeps.id, done),
        newJob(keeping.id, removes.id, done),
        newJob(keeping.id, plain.id, done),
        newJob(keeping.id, removes.id, { status: 'FAILED', finishedAt: after(1) }),
      ]);
      const [dependent] = await tx.jobs.insert([newJob(keeping.id, plain.id, { dependencies: [onJob(c!.id)], unmetDependencies: 0 })]);

      const removed = await tx.jobs.removeOnComplete([d!.id, c!.id, b!.id, a!.id, failed!.id, 424242]);
      t.deepEqual(removed, [a!.id, c!.id]);
      t.deepEqual((await tx.jobs.getMany([a!.id, b!.id, c!.id, d!.id, failed!.id])).map((job) => job.id), [b!.id, d!.id, failed!.id]);
      // The dependent loses the edge to the removed job, nothing else.
      const after_ = await tx.jobs.get(dependent!.id);
      t.deepEqual(after_?.dependencies, []);
      t.is(after_?.status, 'PENDING');
      const counts = (await tx.queue.countByTaskAndStatus(keeping.id)).map(({ taskId, status, count }) => `${taskId} ${status} ${count}`);
      t.deepEqual(counts.sort(), [`${removes.id} FAILED 1`, `${plain.id} COMPLETED 1`, `${plain.id} PENDING 1`].sort());
      t.deepEqual(await tx.jobs.removeOnComplete([]), []);
    });
  });

  check('sweepExpired deletes finished jobs past their period, oldest ids first, at most `limit`, keeping what others wait for', async (t, store) => {
    await inTx(store, async (tx) => {
      const project = right(await tx.projects.insert(newProject('lab', { retention: keepFor(100) })));
      const hourly = right(await tx.tasks.insert(newTask(project.id, 'hourly', { retention: keepFor(3600) })));
      const follows = right(await tx.tasks.insert(newTask(project.id, 'follows')));
      const forever = right(await tx.tasks.insert(newTask(project.id, 'forever', { retention: KEEP_FOREVER })));
      const finished = (status: 'COMPLETED' | 'FAILED' | 'CANCELLED', at: number) => ({ status, finishedAt: after(at) });
      const [old1, old2, old3, fresh, hourlyOld, keptForever, pending, failedAwaited] = await tx.jobs.insert([
        newJob(project.id, follows.id, finished('COMPLETED', 0)),
        newJob(project.id, follows.id, finished('FAILED', 0)),
        newJob(project.id, follows.id, finished('CANCELLED', 0)),
        newJob(project.id, follows.id, finished('COMPLETED', 950)),
        newJob(project.id, hourly.id, finished('COMPLETED', 0)),
        newJob(project.id, forever.id, finished('COMPLETED', 0)),
        newJob(project.id, follows.id),
        newJob(project.id, follows.id, finished('FAILED', 0)),
      ]);
      const [blocked] = await tx.jobs.insert([
        newJob(project.id, forever.id, { status: 'BLOCKED', dependencies: [onJob(failedAwaited!.id)], blockedBy: failedAwaited!.id }),
      ]);
      const now = after(1000);

      t.deepEqual(await tx.jobs.sweepExpired(now, 2), [old1!.id, old2!.id]);
      t.deepEqual(await tx.jobs.sweepExpired(now, 100), [old3!.id]);
      t.deepEqual(await tx.jobs.sweepExpired(now, 100), []);
      const left = (await tx.jobs.getMany([fresh!.id, hourlyOld!.id, keptForever!.id, pending!.id, failedAwaited!.id, blocked!.id])).map((job) => job.id);
      t.deepEqual(left, [fresh!.id, hourlyOld!.id, keptForever!.id, pending!.id, failedAwaited!.id, blocked!.id]);
      // An hour later the task's own period has passed too; the fresh one's project period as well.
      t.deepEqual(await tx.jobs.sweepExpired(after(3600), 100), [fresh!.id, hourlyOld!.id]);
      // Once what waited for it is no longer BLOCKED, the failed job goes too.
      await tx.jobs.update({ ...blocked!, status: 'CANCELLED', finishedAt: after(1) });
      t.deepEqual(await tx.jobs.sweepExpired(after(3600), 100), [failedAwaited!.id]);
    });
  });
};
