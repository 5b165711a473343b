import test from 'ava';
import { openMikroOrm, type DatabaseConfig } from '../../../src/adapters/persistence/mikro-orm/database-config.js';
import { MIGRATIONS } from '../../../src/adapters/persistence/mikro-orm/migrations/migration-list.js';
import { MikroOrmMigrator } from '../../../src/adapters/persistence/mikro-orm/migrator.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { createScratchDatabase, TEST_SERVER_ENV } from '../../contract/database-fixture.js';
import { UNLIMITED_OFFER } from '../../../src/domain/resources.js';
import { plain } from '../../contract/contract-kit.js';
import { after, newJob } from '../../contract/fixtures.js';
import { inTx, seedLab, tempDir } from './persistence-kit.js';

const ALL = MIGRATIONS.map((migration) => migration.name);
const serverUrl = process.env[TEST_SERVER_ENV];

const tablesOf = async (opened: Awaited<ReturnType<typeof openMikroOrm>>): Promise<string[]> => {
  const rows: { name: string }[] = await opened.orm.em
    .getConnection()
    .execute(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'mikro_orm_migrations' ORDER BY 1`);
  return rows.map((row) => row.name);
};

/** The source of the trigger function that keeps job_counts. */
const countingFunction = async (opened: Awaited<ReturnType<typeof openMikroOrm>>): Promise<string> => {
  const rows: { source: string }[] = await opened.orm.em.getConnection().execute(`SELECT prosrc AS source FROM pg_proc WHERE proname = 'whatsnext_count_jobs'`);
  return rows[0]?.source ?? '';
};

/** Whether jobs have foreign keys to their task and project (before the job_parents_by_statement migration). */
const jobForeignKeys = async (opened: Awaited<ReturnType<typeof openMikroOrm>>): Promise<number> => {
  const rows: unknown[] = await opened.orm.em
    .getConnection()
    .execute(`SELECT 1 FROM information_schema.table_constraints WHERE table_name = 'jobs' AND constraint_type = 'FOREIGN KEY'`);
  return rows.length;
};

/** Whether the statements record status changes themselves (the status_history_in_statements migration). */
const historyInStatements = async (opened: Awaited<ReturnType<typeof openMikroOrm>>): Promise<boolean> => {
  const rows: unknown[] = await opened.orm.em.getConnection().execute(`SELECT 1 FROM pg_proc WHERE proname = 'whatsnext_status_history'`);
  return rows.length === 1;
};

/** The SQL type of jobs.status_history (jsonb before the status_history_as_text migration). */
const historyType = async (opened: Awaited<ReturnType<typeof openMikroOrm>>): Promise<string> => {
  const rows: { type: string }[] = await opened.orm.em
    .getConnection()
    .execute(`SELECT data_type AS type FROM information_schema.columns WHERE table_name = 'jobs' AND column_name = 'status_history'`);
  return rows[0]?.type ?? '';
};

const hasTrigger = async (opened: Awaited<ReturnType<typeof openMikroOrm>>, name: string): Promise<boolean> => {
  const rows: unknown[] = await opened.orm.em.getConnection().execute(`SELECT 1 FROM pg_trigger WHERE tgname = ?`, [name]);
  return rows.length === 1;
};

/** Whether the status history migration is in place: its column and the trigger that keeps it. */
const hasStatusHistory = async (opened: Awaited<ReturnType<typeof openMikroOrm>>): Promise<boolean> => {
  const connection = opened.orm.em.getConnection();
  const columns: unknown[] = await connection.execute(`SELECT 1 FROM information_schema.columns WHERE table_name = 'jobs' AND column_name = 'status_history'`);
  const triggers: unknown[] = await connection.execute(`SELECT 1 FROM pg_trigger WHERE tgname = 'jobs_record_status_change'`);
  if (columns.length !== triggers.length) throw new Error(`status_history column ${columns.length}, trigger ${triggers.length}: half a migration`);
  return columns.length === 1;
};

test('opening a PGlite directory twice migrates once and keeps the data', async (t) => {
  const dir = await tempDir();
  try {
    const first = await openMikroOrmStore({ kind: 'pglite', dataDir: dir.path });
    const { projectId } = await seedLab(first);
    await first.close();

    const second = await openMikroOrmStore({ kind: 'pglite', dataDir: dir.path });
    t.is((await inTx(second, (tx) => tx.projects.getByName('lab')))?.id, projectId);
    await second.close();

    const opened = await openMikroOrm({ kind: 'pglite', dataDir: dir.path });
    const migrator = new MikroOrmMigrator(opened);
    t.deepEqual(await migrator.status(), { executed: ALL, pending: [] });
    t.deepEqual(await migrator.upgrade(), []);
    t.is((await migrator.history()).length, ALL.length);
    await migrator.close();
  } finally {
    await dir.remove();
  }
});

/** A fresh database, and how to remove it. */
type ScratchConfig = () => Promise<{ config: DatabaseConfig; cleanUp: () => Promise<void> }>;

const migratorSteps = (config: ScratchConfig) => async (t: import('ava').ExecutionContext) => {
  const { config: databaseConfig, cleanUp } = await config();
  const opened = await openMikroOrm(databaseConfig).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  const migrator = new MikroOrmMigrator(opened);
  try {
    t.deepEqual(await migrator.status(), { executed: [], pending: ALL });
    t.deepEqual(await migrator.history(), []);
    t.deepEqual(await tablesOf(opened), []);

    const before = Date.now();
    t.deepEqual(await migrator.upgrade(), ALL);
    t.deepEqual(await migrator.status(), { executed: ALL, pending: [] });
    t.deepEqual(await tablesOf(opened), ['job_counts', 'job_dependencies', 'jobs', 'projects', 'tasks', 'workers']);
    const [entry] = await migrator.history();
    t.is(entry?.name, ALL[0]);
    t.true(entry!.executedAt instanceof Date && entry!.executedAt.getTime() >= before - 60_000);

    t.true(await hasStatusHistory(opened));
    t.true(await historyInStatements(opened));
    t.is(await jobForeignKeys(opened), 0);

    t.is(await historyType(opened), 'text');

    t.false(await hasTrigger(opened, 'jobs_count_updated'));

    // One step down: updates are counted by a statement trigger again.
    t.is(await migrator.downgrade(), ALL[ALL.length - 1]!);
    t.true(await hasTrigger(opened, 'jobs_count_updated'));
    // Two steps down: the history is jsonb again.
    t.is(await migrator.downgrade(), ALL[ALL.length - 2]!);
    t.is(await historyType(opened), 'jsonb');
    t.true(await historyInStatements(opened));
    // Three steps down: a job's task is checked by foreign keys again.
    t.is(await jobForeignKeys(opened), 0);
    t.is(await migrator.downgrade(), ALL[ALL.length - 3]!);
    t.deepEqual(await migrator.status(), { executed: ALL.slice(0, -3), pending: ALL.slice(-3) });
    t.is(await jobForeignKeys(opened), 2);
    // Four steps down: the history is no longer written by the statements; the row trigger writes it alone.
    t.is(await migrator.downgrade(), ALL[ALL.length - 4]!);
    t.false(await historyInStatements(opened));
    t.true(await hasStatusHistory(opened));
    // Five steps down: the status history is gone.
    t.is(await migrator.downgrade(), ALL[ALL.length - 5]!);
    t.false(await hasStatusHistory(opened));
    t.deepEqual(await tablesOf(opened), ['job_counts', 'job_dependencies', 'jobs', 'projects', 'tasks', 'workers']);
    // Six steps down: reverting the linear job counts brings back the counting function that
    // joined old rows to new ones.
    t.is(await migrator.downgrade(), ALL[ALL.length - 6]!);
    t.true((await countingFunction(opened)).includes('JOIN new_rows'));

    t.deepEqual(await migrator.upgrade(), ALL.slice(-6));
    t.deepEqual(await migrator.upgrade(), []);
    t.deepEqual(await migrator.status(), { executed: ALL, pending: [] });
    t.false((await countingFunction(opened)).includes('JOIN new_rows'));
    t.true(await hasStatusHistory(opened));
    t.true(await historyInStatements(opened));
    t.is(await jobForeignKeys(opened), 0);
    t.is(await historyType(opened), 'text');
    t.false(await hasTrigger(opened, 'jobs_count_updated'));
  } finally {
    await migrator.close();
    await cleanUp();
  }
};

/** A database migrated before the status history existed keeps every job through it, each with an empty history. */
const jobsSurviveStatusHistory = (scratch: ScratchConfig) => async (t: import('ava').ExecutionContext) => {
  const { config, cleanUp } = await scratch();
  try {
    const before = await openMikroOrmStore(config);
    const { projectId, taskId } = await seedLab(before);
    const jobs = await inTx(before, (tx) =>
      tx.jobs.insert([
        newJob(projectId, taskId, { name: 'waiting' }),
        newJob(projectId, taskId, { name: 'running', status: 'RUNNING', attempts: 1, lease: { owner: 'w1', expiresAt: after(60) }, startedAt: after(1) }),
      ]),
    );
    await before.close();
    const migrator = new MikroOrmMigrator(await openMikroOrm(config));
    for (const back of [1, 2, 3, 4, 5]) t.is(await migrator.downgrade(), ALL[ALL.length - back]!);
    await migrator.close();

    const upgraded = await openMikroOrmStore(config);
    try {
      const ids = jobs.map((job) => job.id);
      t.deepEqual(plain(await inTx(upgraded, (tx) => tx.jobs.getMany(ids))), plain(jobs));
      t.deepEqual(await inTx(upgraded, (tx) => Promise.all(ids.map((id) => tx.jobs.history(id)))), [[], []]);
      await inTx(upgraded, (tx) => tx.jobs.claimNext({ projectId, offer: UNLIMITED_OFFER, claimant: { owner: 'w2', leaseSeconds: 60 }, now: after(5) }));
      t.deepEqual(plain(await inTx(upgraded, (tx) => tx.jobs.history(ids[0]!))), plain([{ from: 'PENDING', to: 'QUEUED', at: after(5), worker: 'w2', attempt: 1, reason: null }]));
    } finally {
      await upgraded.close();
    }
  } finally {
    await cleanUp();
  }
};

test(
  'PGlite: jobs written before the status history keep every field and start with an empty history',
  jobsSurviveStatusHistory(async () => {
    const dir = await tempDir();
    return { config: { kind: 'pglite', dataDir: dir.path }, cleanUp: dir.remove };
  }),
);

test(
  'migrator on PGlite: status, upgrade, history, steps down and up again',
  migratorSteps(async () => {
    const dir = await tempDir();
    return { config: { kind: 'pglite', dataDir: dir.path }, cleanUp: dir.remove };
  }),
);

if (serverUrl === undefined || serverUrl === '') {
  test.skip(`migrator on PostgreSQL (set ${TEST_SERVER_ENV} to run it)`, () => {});
} else {
  test(
    'migrator on PostgreSQL: status, upgrade, history, steps down and up again',
    migratorSteps(async () => {
      const database = await createScratchDatabase(serverUrl);
      return { config: { kind: 'postgres', url: database.url }, cleanUp: database.drop };
    }),
  );

  test(
    'PostgreSQL: jobs written before the status history keep every field and start with an empty history',
    jobsSurviveStatusHistory(async () => {
      const database = await createScratchDatabase(serverUrl);
      return { config: { kind: 'postgres', url: database.url }, cleanUp: database.drop };
    }),
  );

  test('PostgreSQL: replicas starting at once take turns and migrate once', async (t) => {
    const database = await createScratchDatabase(serverUrl);
    try {
      const stores = await Promise.all(Array.from({ length: 4 }, () => openMikroOrmStore({ kind: 'postgres', url: database.url, poolSize: 2 })));
      await seedLab(stores[0]!);
      t.is((await inTx(stores[3]!, (tx) => tx.projects.getByName('lab')))?.name, 'lab');
      await Promise.all(stores.map((store) => store.close()));
      const migrator = new MikroOrmMigrator(await openMikroOrm({ kind: 'postgres', url: database.url }));
      t.deepEqual((await migrator.history()).map((entry) => entry.name), ALL);
      await migrator.close();
    } finally {
      await database.drop();
    }
  });
}
