import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import test, { type ExecutionContext } from 'ava';
import pg from 'pg';
import { pgliteStoragePath, type DatabaseConfig } from '../../../src/adapters/persistence/mikro-orm/database-config.js';
import { MIGRATIONS } from '../../../src/adapters/persistence/mikro-orm/migrations/migration-list.js';
import { PRE_BASELINE_MIGRATIONS } from '../../../src/adapters/persistence/mikro-orm/migrations/pre-baseline-adoption.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { UNLIMITED_OFFER } from '../../../src/domain/resources.js';
import { runCli } from '../../cli/cli-harness.js';
import { newJob } from '../../contract/fixtures.js';
import { createScratchDatabase, TEST_SERVER_ENV } from '../../contract/database-fixture.js';
import { claimOne, inTx, seedLab, T0, tempDir } from './persistence-kit.js';
import { describeSchema, type Query, type SchemaDescription } from './schema-description.js';

/**
 * A database made by the migrations that 0001_baseline squashed (test/fixtures/schema-before-baseline.sql,
 * dumped from one) reaches the baseline's schema on `whatsnext db upgrade` and on opening the store
 * (server start): its migrations are re-recorded as the baseline. One with only some of them is refused.
 */

const FIXTURE = new URL('../../fixtures/schema-before-baseline.sql', import.meta.url);
/** describeSchema of a database migrated by the pre-baseline migrations (PostgreSQL 15), saved with the fixture. */
const SAVED_DESCRIPTION = new URL('../../fixtures/schema-before-baseline.description.json', import.meta.url);
const BASELINE = MIGRATIONS[0]!.name;
const ALL = MIGRATIONS.map((migration) => migration.name);
const LAST_OLD = PRE_BASELINE_MIGRATIONS[PRE_BASELINE_MIGRATIONS.length - 1]!;

/** A fresh database, the CLI's arguments for it, and plain SQL on it (its own connection each time). */
interface Scratch {
  readonly config: DatabaseConfig;
  readonly cli: { readonly args: readonly string[]; readonly env: Readonly<Record<string, string>> };
  on<A>(work: (query: Query, exec: (sql: string) => Promise<void>) => Promise<A>): Promise<A>;
  drop(): Promise<void>;
}

interface Engine {
  readonly name: string;
  create(): Promise<Scratch>;
}

const PGLITE: Engine = {
  name: 'PGlite',
  async create() {
    const dir = await tempDir();
    return {
      config: { kind: 'pglite', dataDir: dir.path },
      cli: { args: [], env: { WHATSNEXT_DATA_DIR: dir.path } },
      async on(work) {
        const pglite = await PGlite.create(pgliteStoragePath(dir.path));
        try {
          return await work(
            async (sql) => (await pglite.query<Record<string, unknown>>(sql)).rows,
            async (sql) => void (await pglite.exec(sql)),
          );
        } finally {
          await pglite.close();
        }
      },
      drop: dir.remove,
    };
  },
};

const postgres = (serverUrl: string): Engine => ({
  name: 'PostgreSQL',
  async create() {
    const database = await createScratchDatabase(serverUrl, 'wn_baseline');
    return {
      config: { kind: 'postgres', url: database.url },
      cli: { args: ['--database', database.url], env: {} },
      async on(work) {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          return await work(
            async (sql) => (await client.query<Record<string, unknown>>(sql)).rows,
            async (sql) => void (await client.query(sql)),
          );
        } finally {
          await client.end();
        }
      },
      drop: database.drop,
    };
  },
});

const withScratch = async <A>(engine: Engine, work: (scratch: Scratch) => Promise<A>): Promise<A> => {
  const scratch = await engine.create();
  try {
    return await work(scratch);
  } finally {
    await scratch.drop();
  }
};

/** Makes `scratch` a database of the pre-baseline migrations; `keep` limits the migrations it records. */
const loadFixture = async (scratch: Scratch, keep: readonly string[] = PRE_BASELINE_MIGRATIONS): Promise<void> => {
  const sql = await readFile(FIXTURE, 'utf8');
  await scratch.on(async (_, exec) => {
    await exec(sql); // pg_dump's script empties the search path: name the schema
    const dropped = PRE_BASELINE_MIGRATIONS.filter((name) => !keep.includes(name));
    if (dropped.length > 0) await exec(`DELETE FROM public.mikro_orm_migrations WHERE name IN (${dropped.map((name) => `'${name}'`).join(', ')})`);
  });
};

const recorded = (scratch: Scratch): Promise<string[]> =>
  scratch.on(async (query) => (await query('SELECT name FROM mikro_orm_migrations ORDER BY id')).map((row) => String(row['name'])));

const described = (scratch: Scratch): Promise<SchemaDescription> => scratch.on((query) => describeSchema(query));

const db = (scratch: Scratch, ...args: string[]) => runCli(['db', ...args, ...scratch.cli.args], { env: scratch.cli.env });

const adoptedByDbUpgrade = (engine: Engine) => async (t: ExecutionContext) => {
  await withScratch(engine, async (old) => {
    await loadFixture(old);
    t.deepEqual(await recorded(old), [...PRE_BASELINE_MIGRATIONS]);

    // Adopted as the baseline, then the migrations after it run.
    const upgraded = await db(old, 'upgrade', '--json');
    t.is(upgraded.code, 0, upgraded.stderr);
    t.deepEqual((JSON.parse(upgraded.stdout) as { applied: string[] }).applied, ALL.slice(1));
    t.deepEqual(await recorded(old), ALL);
    // Recorded as run when the schema reached it: when the last pre-baseline migration ran.
    t.deepEqual(
      await old.on(async (query) => (await query(`SELECT (executed_at = '2026-12-06 22:40:01.140275+00'::timestamptz)::text AS same FROM mikro_orm_migrations WHERE name = '${BASELINE}'`)).map((row) => row['same'])),
      ['true'],
    );

    await withScratch(engine, async (fresh) => {
      const made = await db(fresh, 'upgrade');
      t.is(made.code, 0, made.stderr);
      t.deepEqual(await recorded(fresh), ALL);
      t.deepEqual(await described(old), await described(fresh));
    });

    // Adopted once: the next upgrade finds nothing to do, and the baseline's down empties it.
    t.regex((await db(old, 'upgrade')).stdout, /: the schema is up to date\n$/);
    t.deepEqual(await recorded(old), ALL);
    const down = await db(old, 'downgrade', 'base', '--force');
    t.is(down.code, 0, down.stderr);
    t.deepEqual(await described(old), { tables: {}, sequences: [], indexes: [], constraints: [], functions: [], triggers: [] });
  });
};

const adoptedOnOpen = (engine: Engine) => async (t: ExecutionContext) => {
  await withScratch(engine, async (old) => {
    await loadFixture(old);
    const store = await openMikroOrmStore(old.config);
    try {
      const { projectId, taskId } = await seedLab(store);
      await inTx(store, (tx) => tx.jobs.insert([newJob(projectId, taskId, { name: 'first' })]));
      const claimed = await inTx(store, (tx) => claimOne(tx, { projectId, offer: UNLIMITED_OFFER, claimant: { owner: 'w1', leaseSeconds: 60 }, now: T0 }));
      t.truthy(claimed);
    } finally {
      await store.close();
    }
    t.deepEqual(await recorded(old), ALL);
  });
};

const partialRefused = (engine: Engine) => async (t: ExecutionContext) => {
  await withScratch(engine, async (old) => {
    const kept = PRE_BASELINE_MIGRATIONS.slice(0, 5);
    const lacking = PRE_BASELINE_MIGRATIONS.slice(5);
    await loadFixture(old, kept);
    const message =
      `This database records 5 of the 8 pre-release migrations that ${BASELINE} replaces (it has ${kept.join(', ')}; it lacks ${lacking.join(', ')}), ` +
      `so its schema is not one this version knows. Recreate the database, or first upgrade it to ${LAST_OLD} with the previous version of WhatsNext, then upgrade again with this one.`;
    const upgraded = await db(old, 'upgrade');
    t.is(upgraded.code, 1);
    t.is(upgraded.stderr, `whatsnext: ${message}\n`);
    await t.throwsAsync(() => openMikroOrmStore(old.config), { message });
    t.deepEqual(await recorded(old), kept, 'nothing changed');
  });
};

/** The baseline makes the very schema the pre-baseline migrations made, as saved when they still existed. */
const sameAsSaved = (engine: Engine) => async (t: ExecutionContext) => {
  const saved = JSON.parse(await readFile(SAVED_DESCRIPTION, 'utf8')) as SchemaDescription;
  await withScratch(engine, async (fresh) => {
    const made = await db(fresh, 'upgrade', BASELINE);
    t.is(made.code, 0, made.stderr);
    t.deepEqual(await described(fresh), saved);
  });
};

const serverUrl = process.env[TEST_SERVER_ENV];
const engines: Engine[] = [PGLITE, ...(serverUrl === undefined || serverUrl === '' ? [] : [postgres(serverUrl)])];
if (engines.length === 1) test.skip(`the PostgreSQL tests of the baseline adoption (set ${TEST_SERVER_ENV} to run them)`, () => {});

for (const engine of engines) {
  test(`${engine.name}: db upgrade adopts a database of the pre-baseline migrations: the baseline's schema, the baseline recorded`, adoptedByDbUpgrade(engine));
  test(`${engine.name}: opening the store (server start) adopts a database of the pre-baseline migrations`, adoptedOnOpen(engine));
  test(`${engine.name}: a database with only some of the pre-baseline migrations is refused, saying what to do`, partialRefused(engine));
  test(`${engine.name}: the baseline makes the schema the pre-baseline migrations made (their saved description)`, sameAsSaved(engine));
}
