import type { ExecutionContext } from 'ava';
import { openMikroOrm, type DatabaseConfig } from '../../../src/adapters/persistence/mikro-orm/database-config.js';
import { MikroOrmMigrator } from '../../../src/adapters/persistence/mikro-orm/migrator.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { UNLIMITED_OFFER } from '../../../src/domain/resources.js';
import { after, newJob, newProject, newTask } from '../../contract/fixtures.js';
import { claimOne, inTx, onBothDatabases, seedLab } from './persistence-kit.js';

type Tally = { project: number; task: number; status: string; n: number }[];

/**
 * job_counts (kept by the statements that change a status, by the row trigger for SQL by hand,
 * and by statement triggers for inserts and deletes) agree with counting the jobs, after every
 * kind of change, per project, task and status (the project's stats are read from them).
 */
const countsAgree = async (t: ExecutionContext, config: DatabaseConfig): Promise<void> => {
  const store = await openMikroOrmStore(config);
  const connection = store.orm.em.getConnection();
  const kept = async (): Promise<Tally> =>
    connection.execute(
      `SELECT project_id AS project, task_id AS task, status, sum(n)::int AS n FROM job_counts GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3`,
    );
  const counted = async (): Promise<Tally> =>
    connection.execute(`SELECT project_id AS project, task_id AS task, status, count(*)::int AS n FROM jobs GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
  const agree = async (step: string): Promise<void> => void t.deepEqual(await kept(), await counted(), step);
  try {
    const { projectId, taskId } = await seedLab(store);
    const sibling = await inTx(store, async (tx) => {
      const task = await tx.tasks.insert(newTask(projectId, 'sibling'));
      if (task._tag === 'Left') throw new Error(task.left.message);
      return task.right.id;
    });
    const other = await inTx(store, async (tx) => {
      const project = await tx.projects.insert(newProject('other'));
      if (project._tag === 'Left') throw new Error(project.left.message);
      const task = await tx.tasks.insert(newTask(project.right.id, 'other'));
      if (task._tag === 'Left') throw new Error(task.left.message);
      return { projectId: project.right.id, taskId: task.right.id };
    });
    const jobs = await inTx(store, (tx) =>
      tx.jobs.insert([
        ...Array.from({ length: 8 }, (_, i) => newJob(projectId, taskId, { name: `j${i}` })),
        newJob(projectId, taskId, { name: 'child', dependencies: [{ kind: 'batch', index: 7 }] }),
      ]),
    );
    await agree('inserted');
    const claimant = (owner: string) => ({ owner, leaseSeconds: 60 });
    const claimed = await store.claim({ projectId, offer: UNLIMITED_OFFER, fit: 'each', claimant: claimant('w1'), now: after(1) }, 2, true);
    await inTx(store, (tx) => tx.queue.claim({ projectId, offer: UNLIMITED_OFFER, fit: 'each', claimant: claimant('w2'), now: after(2) }, 2));
    await inTx(store, (tx) => tx.queue.claim({ projectId, offer: UNLIMITED_OFFER, claimant: claimant('w3'), now: after(3) }, 2));
    await inTx(store, (tx) => claimOne(tx, { projectId, offer: UNLIMITED_OFFER, claimant: claimant('w4'), now: after(4) }));
    await agree('claimed');
    const [first, second] = claimed.claimed.map(({ job }) => job.id);
    await inTx(store, (tx) =>
      tx.queue.advanceLeasedRuns(
        [
          { id: first!, owner: 'w1', start: true, complete: true },
          { id: second!, owner: 'w1', start: true, complete: false },
          { id: jobs[3]!.id, owner: 'nobody', start: true, complete: false },
        ],
        after(5),
      ),
    );
    await agree('started and completed');
    await inTx(store, async (tx) => {
      const [job] = await tx.jobs.getManyForUpdate([second!]);
      await tx.queue.saveProgress([{ ...job!, status: 'FAILED', lease: null, failureReason: 'boom', updatedAt: after(6) }]);
    });
    await agree('failed');
    await inTx(store, (tx) => tx.jobs.blockDependents([jobs[7]!.id], jobs[7]!.id, 'a dependency failed', after(7)));
    await agree('blocked');
    await inTx(store, async (tx) => {
      const [job] = await tx.jobs.getManyForUpdate([jobs[0]!.id]);
      await tx.jobs.updateMany([{ ...job!, status: 'CANCELLED', lease: null, updatedAt: after(8) }]);
    });
    await agree('cancelled');
    await inTx(store, async (tx) => {
      const [job] = await tx.jobs.getManyForUpdate([jobs[2]!.id]);
      await tx.jobs.updateMany([{ ...job!, taskId: sibling, updatedAt: after(9) }]);
    });
    await agree('moved to another task, status kept');
    await inTx(store, async (tx) => {
      const [job] = await tx.jobs.getManyForUpdate([jobs[2]!.id]);
      await tx.jobs.updateMany([{ ...job!, taskId, status: 'CANCELLED', lease: null, updatedAt: after(10) }]);
    });
    await agree('moved back and cancelled at once');
    await connection.execute(`UPDATE jobs SET task_id = ? WHERE id = ?`, [sibling, jobs[4]!.id]);
    await agree('moved to another task by hand');
    await connection.execute(`UPDATE jobs SET status = 'COMPLETED', updated_at = now() WHERE status = 'QUEUED'`);
    await agree('completed by hand');
    await connection.execute(`UPDATE jobs SET project_id = ?, task_id = ? WHERE id = ?`, [other.projectId, other.taskId, jobs[6]!.id]);
    await agree('moved by hand');
    await connection.execute(`UPDATE jobs SET priority = 5, updated_at = now()`);
    await agree('reprioritized');
    await inTx(store, (tx) => tx.jobs.delete([jobs[1]!.id, jobs[6]!.id]));
    await agree('deleted');
    await inTx(store, (tx) => tx.tasks.delete(sibling));
    await agree('a task deleted with its jobs');
    t.true((await kept()).length > 3);
  } finally {
    await store.close();
  }
};

onBothDatabases('job counts agree with the jobs after every kind of change', countsAgree);

/** 0003_job_counts_by_task counts a database's jobs again, by task; its down counts them by project again. */
const recountedByMigration = async (t: ExecutionContext, config: DatabaseConfig): Promise<void> => {
  const store = await openMikroOrmStore(config);
  const { projectId, taskId } = await seedLab(store);
  await inTx(store, async (tx) => {
    const sibling = await tx.tasks.insert(newTask(projectId, 'sibling'));
    if (sibling._tag === 'Left') throw new Error(sibling.left.message);
    await tx.jobs.insert([
      newJob(projectId, taskId),
      newJob(projectId, taskId, { status: 'COMPLETED' }),
      newJob(projectId, sibling.right.id),
      newJob(projectId, sibling.right.id, { status: 'FAILED' }),
    ]);
  });
  await store.close();
  const opened = await openMikroOrm(config);
  const migrator = new MikroOrmMigrator(opened);
  const connection = opened.orm.em.getConnection();
  const tally = (sql: string): Promise<{ project: number; status: string; n: number }[]> => connection.execute(sql);
  try {
    t.deepEqual(await migrator.revertTo('0002_statement_functions'), ['0006_run_timeline', '0005_retention', '0004_task_dependency_counts', '0003_job_counts_by_task']);
    t.deepEqual(
      await tally(`SELECT project_id AS project, status, sum(n)::int AS n FROM job_counts GROUP BY 1, 2 ORDER BY 1, 2`),
      await tally(`SELECT project_id AS project, status, count(*)::int AS n FROM jobs GROUP BY 1, 2 ORDER BY 1, 2`),
    );
    t.deepEqual(await migrator.upgrade(), ['0003_job_counts_by_task', '0004_task_dependency_counts', '0005_retention', '0006_run_timeline']);
    const byTask = `SELECT project_id AS project, task_id AS task, status, sum(n)::int AS n FROM job_counts GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
    t.deepEqual(await tally(byTask), await tally(`SELECT project_id AS project, task_id AS task, status, count(*)::int AS n FROM jobs GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`));
    t.is((await tally(byTask)).length, 4);
  } finally {
    await migrator.close();
  }
};

onBothDatabases('0003 counts the jobs already stored by task, and its down by project', recountedByMigration);

/** 0004_task_dependency_counts counts a database's edges by the tasks of their ends; its down drops the counts. */
const edgesRecountedByMigration = async (t: ExecutionContext, config: DatabaseConfig): Promise<void> => {
  const store = await openMikroOrmStore(config);
  const { projectId, taskId } = await seedLab(store);
  await inTx(store, async (tx) => {
    const sibling = await tx.tasks.insert(newTask(projectId, 'sibling'));
    if (sibling._tag === 'Left') throw new Error(sibling.left.message);
    await tx.jobs.insert([
      newJob(projectId, taskId),
      newJob(projectId, sibling.right.id, { dependencies: [{ kind: 'batch', index: 0 }] }),
      newJob(projectId, sibling.right.id, { dependencies: [{ kind: 'batch', index: 0 }, { kind: 'batch', index: 1 }] }),
    ]);
  });
  await store.close();
  const opened = await openMikroOrm(config);
  const migrator = new MikroOrmMigrator(opened);
  const connection = opened.orm.em.getConnection();
  const tally = (sql: string): Promise<{ project: number; task: number; on: number; n: number }[]> => connection.execute(sql);
  const kept = `SELECT project_id AS project, task_id AS task, depends_on_task_id AS on, sum(n)::int AS n FROM task_dependency_counts GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
  const counted = `SELECT j.project_id AS project, j.task_id AS task, p.task_id AS on, count(*)::int AS n
    FROM job_dependencies d JOIN jobs j ON j.id = d.job_id JOIN jobs p ON p.id = d.depends_on_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
  try {
    t.deepEqual(await tally(kept), await tally(counted), 'kept by the statements');
    t.deepEqual(await migrator.revertTo('0003_job_counts_by_task'), ['0006_run_timeline', '0005_retention', '0004_task_dependency_counts']);
    t.deepEqual(await migrator.upgrade(), ['0004_task_dependency_counts', '0005_retention', '0006_run_timeline']);
    t.deepEqual(await tally(kept), await tally(counted), 'counted by the migration');
    t.is((await tally(kept)).length, 2);
  } finally {
    await migrator.close();
  }
};

onBothDatabases('0004 counts the edges already stored by the tasks of their ends', edgesRecountedByMigration);
