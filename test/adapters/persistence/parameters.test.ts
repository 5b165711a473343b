import test from 'ava';
import type { DatabaseConfig } from '../../../src/adapters/persistence/mikro-orm/database-config.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { UNLIMITED_OFFER } from '../../../src/domain/resources.js';
import { createScratchDatabase, TEST_SERVER_ENV } from '../../contract/database-fixture.js';
import { newJob } from '../../contract/fixtures.js';
import { claimOne, inTx, seedLab } from './persistence-kit.js';

/** JSON texts a jsonb column, a careless escape or a `?` placeholder would each alter. */
const TEXTS = [
  '{"b":1.0,"a":2}',
  '{ "spaced" :\t[1 , 2]\n}',
  '{"big":123456789012345678901234567890,"tiny":1e-400,"neg":-0.0}',
  '{"dup":1,"dup":2}',
  '{"escaped":"\\u00e9\\n\\"q\\"\\\\","raw":"é ü 日本 🚀"}',
  `{"sql":"'; DROP TABLE jobs; --","marks":"? ?? $1 :name \\\\?"}`,
  '{"nul_escape":"\\u0000","backslash_end":"\\\\"}',
  `{"long":"${'x'.repeat(100_000)}"}`,
];

const scenario = (open: () => Promise<{ config: DatabaseConfig; cleanUp: () => Promise<void> }>) => async (t: import('ava').ExecutionContext) => {
  const { config, cleanUp } = await open();
  const store = await openMikroOrmStore(config).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  try {
    const { projectId, taskId } = await seedLab(store);
    const inserted = await inTx(store, (tx) =>
      tx.jobs.insert(TEXTS.map((parameters, index) => newJob(projectId, taskId, { parameters, priority: TEXTS.length - index }))),
    );
    t.deepEqual(
      inserted.map((job) => job.parameters),
      TEXTS,
    );
    await inTx(store, async (tx) => {
      t.deepEqual((await tx.jobs.getMany(inserted.map((job) => job.id))).map((job) => job.parameters), TEXTS);
      const claimed = [];
      for (let job = await claimOne(tx, { projectId, offer: UNLIMITED_OFFER, claimant: { owner: 'w', leaseSeconds: null }, now: new Date() }); job !== null; ) {
        claimed.push(job.parameters);
        job = await claimOne(tx, { projectId, offer: UNLIMITED_OFFER, claimant: { owner: 'w', leaseSeconds: null }, now: new Date() });
      }
      t.deepEqual(claimed, TEXTS);
      // Updates write the text back as received too.
      await tx.jobs.updateMany(inserted.map((job, index) => ({ ...job, parameters: TEXTS[TEXTS.length - 1 - index]! })));
    });
    // What the database holds, byte for byte, not only what the store hands back.
    const rows: { parameters: string; bytes: number | string }[] = await store.orm.em
      .getConnection()
      .execute('SELECT parameters, octet_length(parameters) AS bytes FROM jobs ORDER BY id');
    const expected = [...TEXTS].reverse();
    t.deepEqual(
      rows.map((row) => row.parameters),
      expected,
    );
    t.deepEqual(
      rows.map((row) => Number(row.bytes)),
      expected.map((text) => Buffer.byteLength(text, 'utf8')),
    );
  } finally {
    await store.close();
    await cleanUp();
  }
};

test(
  'PGlite stores job parameters byte for byte',
  scenario(async () => ({ config: { kind: 'pglite', dataDir: 'memory://' }, cleanUp: async () => {} })),
);

const serverUrl = process.env[TEST_SERVER_ENV];
if (serverUrl === undefined || serverUrl === '') {
  test.skip(`PostgreSQL stores job parameters byte for byte (set ${TEST_SERVER_ENV} to run it)`, () => {});
} else {
  test(
    'PostgreSQL stores job parameters byte for byte',
    scenario(async () => {
      const database = await createScratchDatabase(serverUrl);
      return { config: { kind: 'postgres', url: database.url }, cleanUp: database.drop };
    }),
  );
}
