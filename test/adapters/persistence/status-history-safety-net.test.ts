import test, { type ExecutionContext } from 'ava';
import type { DatabaseConfig } from '../../../src/adapters/persistence/mikro-orm/database-config.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { UNLIMITED_OFFER } from '../../../src/domain/resources.js';
import { plain } from '../../contract/contract-kit.js';
import { createScratchDatabase, TEST_SERVER_ENV } from '../../contract/database-fixture.js';
import { after, newJob } from '../../contract/fixtures.js';
import { inTx, seedLab, tempDir } from './persistence-kit.js';

const serverUrl = process.env[TEST_SERVER_ENV];

/**
 * The store's statements write the status history themselves; the row trigger records a change
 * only for a statement that did not (SQL run by hand, a future statement that forgets), and never
 * records one twice.
 */
const safetyNet = (scratch: () => Promise<{ config: DatabaseConfig; cleanUp: () => Promise<void> }>) => async (t: ExecutionContext) => {
  const { config, cleanUp } = await scratch();
  const store = await openMikroOrmStore(config);
  try {
    const { projectId, taskId } = await seedLab(store);
    const [job] = await inTx(store, (tx) => tx.jobs.insert([newJob(projectId, taskId, { name: 'by-hand' })]));
    await inTx(store, (tx) => tx.jobs.claimNext({ projectId, offer: UNLIMITED_OFFER, claimant: { owner: 'w1', leaseSeconds: 60 }, now: after(5) }));
    await store.orm.em
      .getConnection()
      .execute(`UPDATE jobs SET status = 'FAILED', failure_reason = 'killed by hand', updated_at = '${after(9).toISOString()}' WHERE id = ${job!.id}`);
    const history = await inTx(store, (tx) => tx.jobs.history(job!.id));
    t.deepEqual(
      plain(history),
      plain([
        { from: 'PENDING', to: 'QUEUED', at: after(5), worker: 'w1', attempt: 1, reason: null },
        { from: 'QUEUED', to: 'FAILED', at: after(9), worker: 'w1', attempt: 1, reason: 'killed by hand' },
      ]),
    );
  } finally {
    await store.close();
    await cleanUp();
  }
};

test(
  'PGlite: a status change made by SQL that does not record it is recorded once by the trigger',
  safetyNet(async () => {
    const dir = await tempDir();
    return { config: { kind: 'pglite', dataDir: dir.path }, cleanUp: dir.remove };
  }),
);

if (serverUrl === undefined || serverUrl === '') {
  test.skip(`PostgreSQL status history safety net (set ${TEST_SERVER_ENV} to run it)`, () => {});
} else {
  test(
    'PostgreSQL: a status change made by SQL that does not record it is recorded once by the trigger',
    safetyNet(async () => {
      const database = await createScratchDatabase(serverUrl);
      return { config: { kind: 'postgres', url: database.url }, cleanUp: database.drop };
    }),
  );
}
