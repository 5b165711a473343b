import test, { type ExecutionContext } from 'ava';
import type { DatabaseConfig } from '../../../src/adapters/persistence/mikro-orm/database-config.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { createScratchDatabase, TEST_SERVER_ENV } from '../../contract/database-fixture.js';
import { exited, inTx, seedLab, spawnScript, tempDir, waitForLine } from './persistence-kit.js';

// Big enough that inserting it takes seconds, so that the kill lands inside the insert.
const BATCH = 60_000;

interface Counts {
  readonly jobs: number;
  readonly edges: number;
}

const countRows = async (config: DatabaseConfig): Promise<Counts> => {
  const store = await openMikroOrmStore(config);
  try {
    const [row]: { jobs: number | string; edges: number | string }[] = await store.orm.em
      .getConnection()
      .execute('SELECT (SELECT count(*) FROM jobs) AS jobs, (SELECT count(*) FROM job_dependencies) AS edges');
    return { jobs: Number(row!.jobs), edges: Number(row!.edges) };
  } finally {
    await store.close();
  }
};

/** SIGKILLs a child inserting one batch, `afterMs` into the insert (or once it has inserted, uncommitted). */
const killMidBatch = async (t: ExecutionContext, config: DatabaseConfig, when: { afterMs: number } | 'inserted-not-committed'): Promise<Counts> => {
  const store = await openMikroOrmStore(config);
  await seedLab(store);
  await store.close();

  const holding = when === 'inserted-not-committed';
  const child = spawnScript('insert-batch.script.ts', [JSON.stringify(config), String(BATCH), ...(holding ? ['hold'] : ['die', String(when.afterMs)])]);
  let committed = false;
  child.stdout.on('data', (chunk: Buffer) => (committed ||= chunk.toString().includes('committed')));
  try {
    if (holding) {
      await waitForLine(child, 'inserted');
      child.kill('SIGKILL');
    }
    await exited(child);
  } finally {
    child.kill('SIGKILL');
  }
  t.is(child.signalCode, 'SIGKILL');
  t.false(committed, 'the child finished before the kill: make the batch bigger');
  return countRows(config);
};

/** Either the whole batch with its edges, or nothing of it. */
const allOrNothing = (t: ExecutionContext, counts: Counts): void => {
  t.log(`after the kill: ${counts.jobs} jobs, ${counts.edges} edges`);
  t.true(
    (counts.jobs === 0 && counts.edges === 0) || (counts.jobs === BATCH && counts.edges === BATCH - 1),
    JSON.stringify(counts),
  );
};

test('PGlite: a process killed while inserting a batch leaves none of it (the lock is taken over after)', async (t) => {
  const dir = await tempDir();
  try {
    const config: DatabaseConfig = { kind: 'pglite', dataDir: dir.path };
    allOrNothing(t, await killMidBatch(t, config, { afterMs: 300 }));
  } finally {
    await dir.remove();
  }
});

test('PGlite: a process killed after inserting, before committing, leaves none of the batch', async (t) => {
  const dir = await tempDir();
  try {
    t.deepEqual(await killMidBatch(t, { kind: 'pglite', dataDir: dir.path }, 'inserted-not-committed'), { jobs: 0, edges: 0 });
  } finally {
    await dir.remove();
  }
});

const serverUrl = process.env[TEST_SERVER_ENV];
if (serverUrl === undefined || serverUrl === '') {
  test.skip(`PostgreSQL batch atomicity under SIGKILL (set ${TEST_SERVER_ENV} to run it)`, () => {});
} else {
  for (const when of [{ afterMs: 100 }, 'inserted-not-committed'] as const) {
    test(`PostgreSQL: a client killed ${when === 'inserted-not-committed' ? 'after inserting, before committing' : 'while inserting a batch'} leaves all or none of it`, async (t) => {
      const database = await createScratchDatabase(serverUrl);
      try {
        const counts = await killMidBatch(t, { kind: 'postgres', url: database.url }, when);
        if (when === 'inserted-not-committed') t.deepEqual(counts, { jobs: 0, edges: 0 });
        else allOrNothing(t, counts);
      } finally {
        await database.drop();
      }
    });
  }
}

// The batch really is inserted whole when nobody interferes (so "none" above is the kill's doing).
test('PGlite: the same batch, left alone, commits whole', async (t) => {
  const dir = await tempDir();
  try {
    const config: DatabaseConfig = { kind: 'pglite', dataDir: dir.path };
    const store = await openMikroOrmStore(config);
    await seedLab(store);
    await store.close();
    const child = spawnScript('insert-batch.script.ts', [JSON.stringify(config), String(BATCH), 'commit']);
    await waitForLine(child, 'committed');
    await exited(child);
    t.deepEqual(await countRows(config), { jobs: BATCH, edges: BATCH - 1 });
    const reopened = await openMikroOrmStore(config);
    t.is(await inTx(reopened, (tx) => tx.queue.countPending(1)), BATCH);
    await reopened.close();
  } finally {
    await dir.remove();
  }
});
