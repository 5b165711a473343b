import { randomBytes } from 'node:crypto';
import test from 'ava';
import pg from 'pg';
import { MIGRATIONS } from '../../src/adapters/persistence/mikro-orm/migrations/migration-list.js';
import { jsonOf, runCli, startCliServer, tempDir } from './cli-harness.js';

const ALL = MIGRATIONS.map((m) => m.name);
const LAST = ALL[ALL.length - 1]!;

/** status, upgrade, history, downgrade and upgrade again on one fresh database, through the CLI. */
const lifecycle = async (t: import('ava').ExecutionContext, args: readonly string[], env: Readonly<Record<string, string>>, description: RegExp) => {
  const db = (...command: string[]) => runCli(['db', ...command, ...args], { env });
  const fresh = jsonOf(await db('status', '--json'));
  t.regex(fresh.database, description);
  t.deepEqual([fresh.executed, fresh.pending, fresh.up_to_date], [[], ALL, false]);
  const upgraded = await db('upgrade');
  t.is(upgraded.code, 0, upgraded.stderr);
  t.regex(upgraded.stdout, new RegExp(`: applied ${ALL.length} migrations?\\n  ${ALL[0]}\\n`));
  const status = await db('status');
  t.regex(status.stdout, /: up to date\nMIGRATION\s+STATE\n/);
  t.regex(status.stdout, new RegExp(`${LAST}\\s+applied\\n$`));
  const history = jsonOf(await db('history', '--json'));
  t.deepEqual(history.history.map((h: { name: string }) => h.name), ALL);
  t.regex(history.history[0].executed_at, /^\d{4}-\d\d-\d\dT/);
  const down = jsonOf(await db('downgrade', '--steps', String(ALL.length + 1), '--force', '--json'));
  t.deepEqual(down.reverted, [...ALL].reverse());
  t.regex((await db('history')).stdout, /: no migration applied\n$/);
  t.deepEqual(jsonOf(await db('upgrade', '--json')).applied, ALL);
  t.regex((await db('upgrade')).stdout, /: the schema is up to date\n$/);
};

test('db commands on a PGlite directory (WHATSNEXT_DATA_DIR, or --database pglite)', async (t) => {
  const dir = await tempDir('wn-cli-db-');
  await lifecycle(t, [], { WHATSNEXT_DATA_DIR: dir }, new RegExp(`^PGlite in ${dir}$`));
  const other = await tempDir('wn-cli-db-');
  t.is(jsonOf(await runCli(['db', 'status', '--database', 'pglite', '--json'], { env: { WHATSNEXT_DATA_DIR: other } })).database, `PGlite in ${other}`);
});

test('db errors: memory has no schema, an unknown database (exit 1); bad --steps (exit 2)', async (t) => {
  const memory = await runCli(['db', 'status', '--database', 'memory']);
  t.is(memory.code, 1);
  t.is(memory.stderr, 'whatsnext: The memory database keeps no schema to migrate: use --database pglite or a postgres:// URL.\n');
  const unknown = await runCli(['db', 'status', '--database', 'mysql://x']);
  t.is(unknown.code, 1);
  t.regex(unknown.stderr, /^whatsnext: Unknown database 'mysql:\/\/x'/);
  t.is((await runCli(['db', 'downgrade', '--steps', '0'])).code, 2);
});

test('a PGlite directory served by a running server cannot be migrated at the same time', async (t) => {
  const dir = await tempDir('wn-cli-db-');
  await startCliServer({ database: 'pglite', env: { WHATSNEXT_DATA_DIR: dir } });
  const result = await runCli(['db', 'upgrade'], { env: { WHATSNEXT_DATA_DIR: dir } });
  t.is(result.code, 1);
  t.regex(result.stderr, /^whatsnext: The PGlite data directory .* is in use by process \d+/);
  t.is(result.stderr.split('\n').length, 2);
});

const postgresServer = process.env['WHATSNEXT_TEST_DATABASE_URL'];
const onMaintenance = async (sql: string) => {
  const client = new pg.Client({ connectionString: postgresServer });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

if (postgresServer) {
  test('db commands on PostgreSQL (--database and DATABASE_URL)', async (t) => {
    const name = `wn_cli_${randomBytes(6).toString('hex')}`;
    await onMaintenance(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(postgresServer);
      url.pathname = `/${name}`;
      await lifecycle(t, ['--database', url.toString()], {}, /^PostgreSQL at postgres:\/\//);
      t.deepEqual(jsonOf(await runCli(['db', 'status', '--json'], { env: { DATABASE_URL: url.toString() } })).pending, []);
    } finally {
      await onMaintenance(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
} else {
  test.skip('db commands on PostgreSQL: skipped (set WHATSNEXT_TEST_DATABASE_URL to run it)', () => {});
}
