import test from 'ava';
import { openMikroOrm, type DatabaseConfig } from '../../../src/adapters/persistence/mikro-orm/database-config.js';
import { MIGRATIONS } from '../../../src/adapters/persistence/mikro-orm/migrations/migration-list.js';
import { MikroOrmMigrator } from '../../../src/adapters/persistence/mikro-orm/migrator.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { createScratchDatabase, TEST_SERVER_ENV } from '../../contract/database-fixture.js';
import { inTx, seedLab, tempDir } from './persistence-kit.js';

const ALL = MIGRATIONS.map((migration) => migration.name);
const serverUrl = process.env[TEST_SERVER_ENV];

const tablesOf = async (opened: Awaited<ReturnType<typeof openMikroOrm>>): Promise<string[]> => {
  const rows: { name: string }[] = await opened.orm.em
    .getConnection()
    .execute(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'mikro_orm_migrations' ORDER BY 1`);
  return rows.map((row) => row.name);
};

/** Our SQL functions (with their arguments, as a downgrade must give back the very same ones). */
const functionsOf = async (opened: Awaited<ReturnType<typeof openMikroOrm>>): Promise<string[]> => {
  const rows: { name: string }[] = await opened.orm.em
    .getConnection()
    .execute(`SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY 1`);
  return rows.map((row) => row.name);
};

const TABLES = ['job_counts', 'job_dependencies', 'jobs', 'projects', 'task_dependency_counts', 'tasks', 'workers'];
/** 0004_task_dependency_counts adds the counts of edges by task. */
const TABLES_AT_0003 = TABLES.filter((table) => table !== 'task_dependency_counts');
const BASELINE_FUNCTIONS = [
  'whatsnext_check_job_task()',
  'whatsnext_check_job_tasks()',
  'whatsnext_count_jobs()',
  'whatsnext_delete_jobs_of_tasks()',
  'whatsnext_record_status_change()',
  'whatsnext_status_history(history text, old_status text, new_status text, changed_at timestamp with time zone, worker text, old_attempts bigint, new_attempts bigint, failure_reason text)',
];
/** 0002_statement_functions adds the SQL the statements share. */
const FUNCTIONS_AT_0002 = [
  ...BASELINE_FUNCTIONS.slice(0, 2),
  'whatsnext_count_jobs()',
  'whatsnext_count_status_moves(old_projects integer[], old_statuses text[], new_projects integer[], new_statuses text[])',
  'whatsnext_delete_jobs_of_tasks()',
  'whatsnext_downstream_jobs(roots integer[])',
  ...BASELINE_FUNCTIONS.slice(4),
];
/** 0003_job_counts_by_task counts status moves by task too. */
const FUNCTIONS = FUNCTIONS_AT_0002.map((name) =>
  name.startsWith('whatsnext_count_status_moves(')
    ? 'whatsnext_count_status_moves(old_projects integer[], old_tasks integer[], old_statuses text[], new_projects integer[], new_tasks integer[], new_statuses text[])'
    : name,
);
/** 0004_retention's columns, as `table.column`. */
const retentionColumns = async (opened: Awaited<ReturnType<typeof openMikroOrm>>): Promise<string[]> => {
  const rows: { name: string }[] = await opened.orm.em
    .getConnection()
    .execute(`SELECT table_name || '.' || column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND column_name LIKE 'retention%' ORDER BY 1`);
  return rows.map((row) => row.name);
};
/** The indexes 0006 adds, by name. */
const timelineIndexes = async (opened: Awaited<ReturnType<typeof openMikroOrm>>): Promise<string[]> => {
  const rows: { name: string }[] = await opened.orm.em
    .getConnection()
    .execute(`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'jobs' AND indexname IN ('jobs_project_updated_index', 'jobs_project_finished_index') ORDER BY 1`);
  return rows.map((row) => row.name);
};

/** The source of every function of ours, to tell that a downgrade gives back the very same ones. */
const functionSources = async (opened: Awaited<ReturnType<typeof openMikroOrm>>): Promise<string[]> => {
  const rows: { source: string }[] = await opened.orm.em
    .getConnection()
    .execute(`SELECT p.proname || ': ' || p.prosrc AS source FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY 1`);
  return rows.map((row) => row.source);
};

test('a numbered baseline migration, then the frozen numbered ones', (t) => {
  t.deepEqual(ALL, ['0001_baseline', '0002_statement_functions', '0003_job_counts_by_task', '0004_task_dependency_counts', '0005_retention', '0006_run_timeline']);
  t.true(ALL.every((name) => /^\d{4}_[a-z0-9_]+$/.test(name)), 'numbered: NNNN_name');
});

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
    t.deepEqual(await tablesOf(opened), TABLES);
    t.deepEqual(await functionsOf(opened), FUNCTIONS);
    const [entry] = await migrator.history();
    t.is(entry?.name, ALL[0]);
    t.true(entry!.executedAt instanceof Date && entry!.executedAt.getTime() >= before - 60_000);
    t.deepEqual(await migrator.upgrade(), []);
    t.deepEqual(await migrator.upgradeTo(ALL[0]!), [], 'an applied target is no error');

    // Down: 0006 drops the timeline's indexes; 0005 takes the retention columns away; 0004 drops its table; 0003 gives back 0002's
    // functions and 0002 the baseline's, word for word; the baseline drops every table and function.
    const [BASELINE, SECOND, THIRD, FOURTH, FIFTH, SIXTH] = ALL as [string, string, string, string, string, string];
    t.deepEqual(await timelineIndexes(opened), ['jobs_project_finished_index', 'jobs_project_updated_index']);
    t.is(await migrator.downgrade(), SIXTH);
    t.deepEqual(await timelineIndexes(opened), []);
    t.deepEqual(await retentionColumns(opened), ['projects.retention', 'projects.retention_seconds', 'tasks.retention', 'tasks.retention_seconds']);
    t.is(await migrator.downgrade(), FIFTH);
    t.deepEqual(await retentionColumns(opened), []);
    t.deepEqual(await functionsOf(opened), FUNCTIONS);
    t.is(await migrator.downgrade(), FOURTH);
    t.deepEqual(await tablesOf(opened), TABLES_AT_0003);
    t.deepEqual(await functionsOf(opened), FUNCTIONS);
    t.is(await migrator.downgrade(), THIRD);
    t.deepEqual(await functionsOf(opened), FUNCTIONS_AT_0002);
    const atSecond = await functionSources(opened);
    t.is(await migrator.downgrade(), SECOND);
    t.deepEqual(await functionsOf(opened), BASELINE_FUNCTIONS);
    const downgraded = await functionSources(opened);
    t.is(await migrator.downgrade(), BASELINE);
    t.deepEqual(await migrator.status(), { executed: [], pending: ALL });
    t.deepEqual(await tablesOf(opened), []);
    t.deepEqual(await functionsOf(opened), []);
    t.is(await migrator.downgrade(), null);

    // Up to a named target, and back to base.
    t.deepEqual(await migrator.upgradeTo(BASELINE), [BASELINE]);
    t.deepEqual(await functionSources(opened), downgraded, 'the baseline as 0002 left it is the baseline');
    t.deepEqual(await migrator.upgradeTo(SECOND), [SECOND]);
    t.deepEqual(await functionSources(opened), atSecond, '0002 as 0003 left it is 0002');
    t.deepEqual(await migrator.upgradeTo(SIXTH), [THIRD, FOURTH, FIFTH, SIXTH]);
    t.deepEqual(await retentionColumns(opened), ['projects.retention', 'projects.retention_seconds', 'tasks.retention', 'tasks.retention_seconds']);
    t.deepEqual(await migrator.revertTo(BASELINE), [SIXTH, FIFTH, FOURTH, THIRD, SECOND], 'revertTo leaves the target applied');
    t.deepEqual(await migrator.revertTo(null), [BASELINE]);
    t.deepEqual(await tablesOf(opened), []);

    // Stamp records without running: no tables appear, none disappear.
    t.deepEqual(await migrator.stamp(SIXTH), { recorded: ALL, unrecorded: [] });
    t.deepEqual(await migrator.status(), { executed: ALL, pending: [] });
    t.deepEqual(await tablesOf(opened), []);
    t.deepEqual(await migrator.stamp(null), { recorded: [], unrecorded: [...ALL].reverse() });
    t.deepEqual(await migrator.upgradeTo(null), ALL);
    t.deepEqual(await tablesOf(opened), TABLES);
    t.deepEqual(await migrator.stamp(null), { recorded: [], unrecorded: [...ALL].reverse() });
    t.deepEqual(await tablesOf(opened), TABLES);
    await t.throwsAsync(() => migrator.stamp('0009_nope'), { message: "Unknown migration '0009_nope'." });
  } finally {
    await migrator.close();
    await cleanUp();
  }
};

test(
  'migrator on PGlite: status, upgrade, history, down, revert, stamp',
  migratorSteps(async () => {
    const dir = await tempDir();
    return { config: { kind: 'pglite', dataDir: dir.path }, cleanUp: dir.remove };
  }),
);

if (serverUrl === undefined || serverUrl === '') {
  test.skip(`migrator on PostgreSQL (set ${TEST_SERVER_ENV} to run it)`, () => {});
} else {
  test(
    'migrator on PostgreSQL: status, upgrade, history, down, revert, stamp',
    migratorSteps(async () => {
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
