import type { TaskDependencyCount } from '../../src/application/ports/job-store.port.js';
import type { StoreTransaction } from '../../src/application/ports/store.port.js';
import { type Check, inTx, right, seed } from './contract-kit.js';
import { after, newJob, newProject, newTask, onBatch, onJob } from './fixtures.js';

/** The edges counted from the jobs themselves, as the port lists them: what the kept counts must say. */
const recount = async (tx: StoreTransaction, projectId: number): Promise<TaskDependencyCount[]> => {
  const jobs = await tx.jobs.list({ projectId, taskId: null, status: null, limit: 10_000, offset: 0 });
  const taskOf = new Map(jobs.map((job) => [job.id, job.taskId]));
  const counts = new Map<string, TaskDependencyCount>();
  for (const job of jobs) {
    for (const dependency of job.dependencies) {
      const key = `${job.taskId}:${taskOf.get(dependency)}`;
      counts.set(key, { taskId: job.taskId, dependsOnTaskId: taskOf.get(dependency)!, count: (counts.get(key)?.count ?? 0) + 1 });
    }
  }
  return [...counts.values()].sort((a, b) => a.taskId - b.taskId || a.dependsOnTaskId - b.dependsOnTaskId);
};

/** The DAG condensed by task, and slices of it: edge counts by task, the edges around some jobs, a job's batch. */
export const taskGraphContract = (check: Check): void => {
  check('countDependenciesByTask agrees with the edges after inserts, edits, task moves and deletions', async (t, store) => {
    const { projectId, prepare, train, report } = await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      return {
        projectId: project.id,
        prepare: task.id,
        train: right(await tx.tasks.insert(newTask(project.id, 'fit'))).id,
        report: right(await tx.tasks.insert(newTask(project.id, 'report'))).id,
      };
    });
    const agree = async (step: string) => inTx(store, async (tx) => t.deepEqual(await tx.jobs.countDependenciesByTask(projectId), await recount(tx, projectId), step));
    // Another project's edges never show.
    await inTx(store, async (tx) => {
      const other = right(await tx.projects.insert(newProject('other')));
      const otherTask = right(await tx.tasks.insert(newTask(other.id, 'other')));
      await tx.jobs.insert([newJob(other.id, otherTask.id), newJob(other.id, otherTask.id, { dependencies: [onBatch(0)] })]);
    });
    const [a, b, c, d, e] = await inTx(store, (tx) =>
      tx.jobs.insert([
        newJob(projectId, prepare, { name: 'a' }),
        newJob(projectId, prepare, { name: 'b', dependencies: [onBatch(0)] }),
        newJob(projectId, train, { name: 'c', dependencies: [onBatch(0), onBatch(1)] }),
        newJob(projectId, train, { name: 'd', dependencies: [onBatch(2)] }),
        newJob(projectId, report, { name: 'e', dependencies: [onBatch(2), onBatch(3)] }),
      ]),
    );
    await agree('a batch with edges inside it');
    const [f] = await inTx(store, (tx) => tx.jobs.insert([newJob(projectId, report, { name: 'f', dependencies: [onJob(a!.id), onJob(c!.id)] })]));
    t.deepEqual(await inTx(store, (tx) => tx.jobs.countDependenciesByTask(projectId)), [
      { taskId: prepare, dependsOnTaskId: prepare, count: 1 },
      { taskId: train, dependsOnTaskId: prepare, count: 2 },
      { taskId: train, dependsOnTaskId: train, count: 1 },
      { taskId: report, dependsOnTaskId: prepare, count: 1 },
      { taskId: report, dependsOnTaskId: train, count: 3 },
    ]);
    await inTx(store, async (tx) => tx.jobs.update({ ...(await tx.jobs.get(f!.id))!, dependencies: [b!.id, c!.id], updatedAt: after(1) }));
    await agree('an edge replaced');
    await inTx(store, async (tx) => tx.jobs.update({ ...(await tx.jobs.get(c!.id))!, taskId: report, updatedAt: after(2) }));
    await agree('a job with edges both ways moved to another task');
    await inTx(store, async (tx) => {
      const [cNow, dNow] = await tx.jobs.getManyForUpdate([c!.id, d!.id]);
      await tx.jobs.updateMany([
        { ...cNow!, taskId: train, dependencies: [a!.id], updatedAt: after(3) },
        { ...dNow!, taskId: prepare, updatedAt: after(3) },
      ]);
    });
    await agree('both ends of an edge moved at once, one of them rewired');
    await inTx(store, async (tx) => tx.jobs.update({ ...(await tx.jobs.get(e!.id))!, status: 'CANCELLED', updatedAt: after(4) }));
    await agree('a status change');
    await inTx(store, (tx) => tx.jobs.delete([c!.id, e!.id]));
    await agree('jobs deleted with their edges both ways');
    await inTx(store, (tx) => tx.tasks.delete(report));
    await agree('a task deleted with its jobs');
    t.true((await inTx(store, (tx) => tx.jobs.countDependenciesByTask(projectId))).length > 0);
  });

  check('edgesTouching: every edge with an end among the ids, either way, with both tasks', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const other = right(await tx.tasks.insert(newTask(project.id, 'report')));
      const [a, b, c, d] = await tx.jobs.insert([
        newJob(project.id, task.id),
        newJob(project.id, task.id, { dependencies: [onBatch(0)] }),
        newJob(project.id, other.id, { dependencies: [onBatch(0), onBatch(1)] }),
        newJob(project.id, other.id, { dependencies: [onBatch(2)] }),
      ]);
      t.deepEqual(await tx.jobs.edgesTouching([b!.id, 99_999]), [
        { jobId: b!.id, jobTaskId: task.id, dependsOnId: a!.id, dependsOnTaskId: task.id },
        { jobId: c!.id, jobTaskId: other.id, dependsOnId: b!.id, dependsOnTaskId: task.id },
      ]);
      t.is((await tx.jobs.edgesTouching([a!.id, b!.id, c!.id, d!.id])).length, 4, 'an edge between two of the ids comes once');
      t.deepEqual(await tx.jobs.edgesTouching([]), []);
    });
  });

  check('connected: the job, then the jobs linked to it either way, nearest first, at most the limit', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      // a <- b <- c, and x <- b: one batch; y alone.
      const [a, b, c, x, y] = await tx.jobs.insert([
        newJob(project.id, task.id),
        newJob(project.id, task.id, { dependencies: [onBatch(0), onBatch(3)] }),
        newJob(project.id, task.id, { dependencies: [onBatch(1)] }),
        newJob(project.id, task.id),
        newJob(project.id, task.id),
      ]);
      const fromC = await tx.jobs.connected(c!.id, 10);
      t.is(fromC[0], c!.id);
      t.is(fromC[1], b!.id, 'its one neighbour next');
      t.deepEqual([...fromC].sort((p, q) => p - q), [a!.id, b!.id, c!.id, x!.id]);
      t.deepEqual([...(await tx.jobs.connected(a!.id, 10))].sort((p, q) => p - q), [a!.id, b!.id, c!.id, x!.id], 'dependents count as links too');
      t.deepEqual(await tx.jobs.connected(c!.id, 2), [c!.id, b!.id]);
      t.deepEqual(await tx.jobs.connected(y!.id, 10), [y!.id]);
      t.deepEqual(await tx.jobs.connected(99_999, 10), []);
    });
  });
};
