import { randomBytes } from 'node:crypto';
import test from 'ava';
import pg from 'pg';
import { MIGRATIONS } from '../../src/adapters/persistence/mikro-orm/migrations/migration-list.js';
import { jsonOf, runCli, tempDir } from './cli-harness.js';

/** alembic's forms on the real CLI: upgrade REV, downgrade REV / -N / base, stamp REV, init [--stamp]. */

const ALL = MIGRATIONS.map((m) => m.name);
const status = async (db: (...args: string[]) => ReturnType<typeof runCli>) => jsonOf(await db('status', '--json')) as { executed: string[]; pending: string[] };

const revisions = async (t: import('ava').ExecutionContext, db: (...args: string[]) => ReturnType<typeof runCli>, tables: () => Promise<string[]>) => {
  // Six migrations: +1 from base applies the baseline, and the revisions name them or stand for them.
  t.deepEqual(ALL, ['0001_baseline', '0002_statement_functions', '0003_job_counts_by_task', '0004_task_dependency_counts', '0005_retention', '0006_run_timeline']);
  const [BASELINE, SECOND, THIRD, FOURTH, FIFTH, SIXTH] = ALL as [string, string, string, string, string, string];
  t.deepEqual(jsonOf(await db('upgrade', '+1', '--json')).applied, [BASELINE]);
  t.true((await tables()).includes('jobs'));
  t.like(await status(db), { executed: [BASELINE], pending: [SECOND, THIRD, FOURTH, FIFTH, SIXTH] });
  t.regex((await db('upgrade', BASELINE)).stdout, new RegExp(`: ${BASELINE} is already applied\\n$`));
  t.deepEqual(jsonOf(await db('upgrade', 'head', '--json')).applied, [SECOND, THIRD, FOURTH, FIFTH, SIXTH]);
  t.regex((await db('upgrade', 'head')).stdout, /: the schema is up to date\n$/);
  // Out of range: nothing after the newest, nothing before base.
  const above = await db('upgrade', '+1');
  t.is(above.code, 1);
  t.is(above.stderr, `whatsnext: revision '+1' is out of range: the database is at ${SIXTH}, and there are 6 migrations (${ALL.join(', ')})\n`);
  t.is((await db('downgrade', '-7', '--force')).code, 1);
  // downgrade -1 reverts the newest; downgrade REV leaves REV applied.
  t.deepEqual(jsonOf(await db('downgrade', '-1', '--force', '--json')).reverted, [SIXTH]);
  t.deepEqual(jsonOf(await db('upgrade', SIXTH, '--json')).applied, [SIXTH]);
  t.deepEqual(jsonOf(await db('downgrade', BASELINE, '--force', '--json')).reverted, [SIXTH, FIFTH, FOURTH, THIRD, SECOND]);
  t.deepEqual(jsonOf(await db('downgrade', '-1', '--force', '--json')).reverted, [BASELINE]);
  t.like(await status(db), { executed: [], pending: ALL });
  t.deepEqual(await tables(), []);
  const below = await db('downgrade', '-1', '--force');
  t.is(below.code, 1);
  t.regex(below.stderr, /revision '-1' is out of range: the database is at base/);
  const pending = await db('downgrade', BASELINE, '--force');
  t.is(pending.code, 1);
  t.regex(pending.stderr, new RegExp(`${BASELINE} is not applied \\(the database is at base\\)`));
  // A prefix names one (its number); +6 from base applies all; upgrade to base is refused.
  t.deepEqual(jsonOf(await db('upgrade', '0001', '--json')).applied, [BASELINE]);
  t.deepEqual(jsonOf(await db('downgrade', '0001', '--force', '--json')).reverted, []);
  t.deepEqual(jsonOf(await db('downgrade', '-1', '--force', '--json')).reverted, [BASELINE]);
  t.deepEqual(jsonOf(await db('upgrade', '+6', '--json')).applied, ALL);
  t.regex((await db('upgrade', 'base')).stderr, /cannot upgrade to base: use `whatsnext db downgrade base`/);
  // Unknown revisions: exit 1, naming them and the known ones.
  const unknown = await db('upgrade', 'nope');
  t.is(unknown.code, 1);
  t.is(unknown.stderr, `whatsnext: unknown revision 'nope': use head, base, +N, -N or one of ${ALL.join(', ')}\n`);
  t.is((await db('upgrade', '0009')).code, 1);
  t.is((await db('stamp')).code, 2);
  // downgrade base drops every table.
  t.deepEqual(jsonOf(await db('downgrade', 'base', '--force', '--json')).reverted, [SIXTH, FIFTH, FOURTH, THIRD, SECOND, BASELINE]);
  t.deepEqual(await tables(), []);
  // init creates the schema, once; stamp records without running.
  t.regex((await db('init')).stdout, /: created the schema \(6 migrations\)\n$/);
  t.true((await tables()).includes('jobs'));
  const again = await db('init');
  t.is(again.code, 1);
  t.regex(again.stderr, new RegExp(`is already initialised \\(at ${SIXTH}\\): use \`whatsnext db upgrade\``));
  t.like(jsonOf(await db('stamp', '-5', '--json')), { revision: BASELINE, recorded: [], unrecorded: [SIXTH, FIFTH, FOURTH, THIRD, SECOND] });
  t.like(jsonOf(await db('stamp', 'base', '--json')), { revision: 'base', recorded: [], unrecorded: [BASELINE] });
  t.deepEqual((await status(db)).pending, ALL);
  t.true((await tables()).includes('jobs'), 'stamp runs no migration');
  t.like(jsonOf(await db('stamp', '+1', '--json')), { revision: BASELINE, recorded: [BASELINE], unrecorded: [] });
  t.like(jsonOf(await db('stamp', 'base', '--json')), { revision: 'base', unrecorded: [BASELINE] });
  t.deepEqual((await status(db)).executed, []);
  t.like(jsonOf(await db('init', '--stamp', '--json')), { revision: SIXTH, recorded: ALL, applied: [] });
  t.deepEqual((await status(db)).pending, []);
  t.regex((await db('stamp', 'head')).stdout, new RegExp(`: stamped at ${SIXTH}\\n$`));
};

test('db upgrade/downgrade/stamp/init with revisions on PGlite', async (t) => {
  const dir = await tempDir('wn-cli-rev-');
  const db = (...args: string[]) => runCli(['db', ...args], { env: { WHATSNEXT_DATA_DIR: dir } });
  // The tables, seen through the CLI's own view: a schema without `jobs` has none of ours.
  const tables = async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create(`${dir}/pgdata`);
    try {
      const rows = await pglite.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'mikro_orm_migrations' ORDER BY 1");
      return rows.rows.map((row) => row.tablename);
    } finally {
      await pglite.close();
    }
  };
  await revisions(t, db, tables);
});

const postgresServer = process.env['WHATSNEXT_TEST_DATABASE_URL'];
if (postgresServer) {
  test('db upgrade/downgrade/stamp/init with revisions on PostgreSQL', async (t) => {
    const name = `wn_cli_rev_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresServer });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(postgresServer);
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const db = (...args: string[]) => runCli(['db', ...args, '--database', url.toString()]);
      const tables = async () =>
        (await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'mikro_orm_migrations' ORDER BY 1")).rows.map((row) => row.tablename);
      await revisions(t, db, tables);
    } finally {
      await client.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
}
