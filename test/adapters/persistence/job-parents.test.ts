import test, { type ExecutionContext } from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import type { DatabaseConfig } from '../../../src/adapters/persistence/mikro-orm/database-config.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import type { Job } from '../../../src/domain/job.js';
import { createScratchDatabase, TEST_SERVER_ENV } from '../../contract/database-fixture.js';
import { newJob, newProject, newTask, onBatch } from '../../contract/fixtures.js';
import { inTx, onBothDatabases, seedLab } from './persistence-kit.js';

const FOREIGN_KEY_VIOLATION = '23503';

const right = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(`expected Right: ${JSON.stringify(either.left)}`);
  return either.right;
};

/** A job's task is checked once per statement (no foreign keys); deleting tasks and projects still takes their jobs. */
const jobParents = async (t: ExecutionContext, config: DatabaseConfig): Promise<void> => {
  const store = await openMikroOrmStore(config);
  try {
    const { projectId, taskId } = await seedLab(store);
    const other = await inTx(store, async (tx) => {
      const project = right(await tx.projects.insert(newProject('other')));
      const task = right(await tx.tasks.insert(newTask(project.id, 'elsewhere')));
      return { projectId: project.id, taskId: task.id };
    });
    const violation = { code: FOREIGN_KEY_VIOLATION, message: /task \d+, which does not exist in project \d+/ };
    await t.throwsAsync(inTx(store, (tx) => tx.jobs.insert([newJob(projectId, taskId), newJob(projectId, 99999)])), violation);
    await t.throwsAsync(inTx(store, (tx) => tx.jobs.insert([newJob(projectId, other.taskId)])), violation, "another project's task");
    await t.throwsAsync(inTx(store, (tx) => tx.jobs.insert([newJob(99999, taskId)])), violation);

    const [first, second] = (await inTx(store, (tx) =>
      tx.jobs.insert([newJob(projectId, taskId, { name: 'first' }), newJob(projectId, taskId, { name: 'second', dependencies: [onBatch(0)], unmetDependencies: 1 })]),
    )) as Job[];
    const [elsewhere] = await inTx(store, (tx) => tx.jobs.insert([newJob(other.projectId, other.taskId, { name: 'elsewhere' })]));
    await t.throwsAsync(inTx(store, (tx) => tx.jobs.update({ ...first!, taskId: 99999 })), { code: FOREIGN_KEY_VIOLATION, message: /job \d+ refers to task 99999/ });
    await inTx(store, (tx) => tx.jobs.update({ ...first!, name: 'renamed' }));
    t.is((await inTx(store, (tx) => tx.jobs.get(first!.id)))?.name, 'renamed', 'an update that keeps the task is not checked');

    await inTx(store, (tx) => tx.tasks.delete(taskId));
    t.deepEqual(await inTx(store, (tx) => tx.jobs.getMany([first!.id, second!.id, elsewhere!.id])), [await inTx(store, (tx) => tx.jobs.get(elsewhere!.id))]);
    t.deepEqual(await inTx(store, (tx) => tx.jobs.directDependentsOutside([first!.id])), [], 'the edges went with the jobs');
    await inTx(store, (tx) => tx.projects.delete(other.projectId));
    t.is(await inTx(store, (tx) => tx.jobs.get(elsewhere!.id)), null, "a project's deletion takes its tasks, and their jobs");
  } finally {
    await store.close();
  }
};

onBothDatabases("a job's task is checked per statement; deleting tasks and projects takes their jobs", jobParents);

/**
 * Deleting a task while another transaction inserts jobs for it: the delete waits for the insert
 * to commit (the check key-share locked the task), then takes the new jobs along; a delete that
 * commits first makes the insert fail. PGlite runs one transaction at a time: PostgreSQL only.
 */
const deleteRacesInsert = async (t: ExecutionContext, url: string): Promise<void> => {
  const store = await openMikroOrmStore({ kind: 'postgres', url });
  try {
    const { projectId, taskId } = await seedLab(store);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    const inserting = inTx(store, async (tx) => {
      const jobs = await tx.jobs.insert([newJob(projectId, taskId, { name: 'racing' })]);
      inserted();
      await gate;
      return jobs;
    });
    await insertedSignal;
    let deleted = false;
    const deleting = inTx(store, (tx) => tx.tasks.delete(taskId)).then(() => {
      deleted = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    t.false(deleted, 'the delete waits for the inserting transaction');
    release();
    const [job] = await inserting;
    await deleting;
    t.is(await inTx(store, (tx) => tx.jobs.get(job!.id)), null, 'and then takes its jobs along');

    const later = await inTx(store, async (tx) => right(await tx.tasks.insert(newTask(projectId, 'later'))));
    await inTx(store, (tx) => tx.tasks.delete(later.id));
    await t.throwsAsync(inTx(store, (tx) => tx.jobs.insert([newJob(projectId, later.id)])), { code: FOREIGN_KEY_VIOLATION });
  } finally {
    await store.close();
  }
};

const serverUrl = process.env[TEST_SERVER_ENV];
if (serverUrl === undefined || serverUrl === '') {
  test.skip(`PostgreSQL: a task deleted while its jobs are being inserted (set ${TEST_SERVER_ENV} to run it)`, () => {});
} else {
  test('PostgreSQL: a task deleted while its jobs are being inserted takes them along once they commit', async (t) => {
    const database = await createScratchDatabase(serverUrl);
    try {
      await deleteRacesInsert(t, database.url);
    } finally {
      await database.drop();
    }
  });
}
