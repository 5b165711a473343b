import { randomBytes } from 'node:crypto';
import test from 'ava';
import pg from 'pg';
import { MIGRATIONS } from '../../src/adapters/persistence/mikro-orm/migrations/migration-list.js';
import { jsonOf, runCli, tempDir } from './cli-harness.js';

/** alembic's forms on the real CLI: upgrade REV, downgrade REV / -N / base, stamp REV, init [--stamp]. */

const ALL = MIGRATIONS.map((m) => m.name);
const status = async (db: (...args: string[]) => ReturnType<typeof runCli>) => jsonOf(await db('status', '--json')) as { executed: string[]; pending: string[] };

const revisions = async (t: import('ava').ExecutionContext, db: (...args: string[]) => ReturnType<typeof runCli>, tables: () => Promise<string[]>) => {
  // upgrade REV applies up to and including REV; +N counts from there.
  t.deepEqual(jsonOf(await db('upgrade', ALL[1]!, '--json')).applied, ALL.slice(0, 2));
  t.deepEqual(jsonOf(await db('upgrade', '+1', '--json')).applied, [ALL[2]]);
  t.regex((await db('upgrade', ALL[0]!)).stdout, new RegExp(`: ${ALL[0]} is already applied\\n$`));
  // downgrade -N and downgrade REV leave the database at the revision.
  t.deepEqual(jsonOf(await db('downgrade', '-1', '--force', '--json')).reverted, [ALL[2]]);
  t.deepEqual((await status(db)).executed, ALL.slice(0, 2));
  t.deepEqual(jsonOf(await db('upgrade', '--json')).applied, ALL.slice(2));
  t.deepEqual(jsonOf(await db('downgrade', ALL[0]!.slice(0, 14), '--force', '--json')).reverted, ALL.slice(1).reverse());
  t.deepEqual((await status(db)).executed, [ALL[0]]);
  // Unknown, out-of-range and not-applied revisions: exit 1, naming them and the known ones.
  const unknown = await db('upgrade', 'nope');
  t.is(unknown.code, 1);
  t.is(unknown.stderr, `whatsnext: unknown revision 'nope': use head, base, +N, -N or one of ${ALL.join(', ')}\n`);
  const below = await db('downgrade', '-2', '--force');
  t.is(below.code, 1);
  t.regex(below.stderr, new RegExp(`revision '-2' is out of range: the database is at ${ALL[0]}`));
  const pending = await db('downgrade', ALL[3]!, '--force');
  t.is(pending.code, 1);
  t.regex(pending.stderr, new RegExp(`${ALL[3]} is not applied \\(the database is at ${ALL[0]}\\)`));
  t.is((await db('stamp')).code, 2);
  // downgrade base drops every table.
  t.deepEqual(jsonOf(await db('downgrade', 'base', '--force', '--json')).reverted, [ALL[0]]);
  t.deepEqual(await tables(), []);
  // init creates the schema, once; stamp records without running.
  t.regex((await db('init')).stdout, new RegExp(`: created the schema \\(${ALL.length} migrations\\)\\n$`));
  t.true((await tables()).includes('jobs'));
  const again = await db('init');
  t.is(again.code, 1);
  t.regex(again.stderr, new RegExp(`is already initialised \\(at ${ALL[ALL.length - 1]}\\): use \`whatsnext db upgrade\``));
  t.like(jsonOf(await db('stamp', ALL[1]!, '--json')), { revision: ALL[1], recorded: [], unrecorded: ALL.slice(2).reverse() });
  t.deepEqual((await status(db)).pending, ALL.slice(2));
  t.true((await tables()).includes('jobs'), 'stamp runs no migration');
  t.like(jsonOf(await db('stamp', 'base', '--json')), { revision: 'base', unrecorded: ALL.slice(0, 2).reverse() });
  t.deepEqual((await status(db)).executed, []);
  t.like(jsonOf(await db('init', '--stamp', '--json')), { revision: ALL[ALL.length - 1], recorded: ALL, applied: [] });
  t.deepEqual((await status(db)).pending, []);
  t.regex((await db('stamp', 'head')).stdout, new RegExp(`: stamped at ${ALL[ALL.length - 1]}\\n$`));
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
