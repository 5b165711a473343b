import type { ExecutionContext } from 'ava';
import type { DatabaseConfig } from '../../../src/adapters/persistence/mikro-orm/database-config.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { UNLIMITED_OFFER } from '../../../src/domain/resources.js';
import { plain, claimOne } from '../../contract/contract-kit.js';
import { after, newJob } from '../../contract/fixtures.js';
import { inTx, onBothDatabases, seedLab } from './persistence-kit.js';

/**
 * The store's statements write the status history themselves; the row trigger records a change
 * only for a statement that did not (SQL run by hand, a future statement that forgets), and never
 * records one twice.
 */
const safetyNet = async (t: ExecutionContext, config: DatabaseConfig): Promise<void> => {
  const store = await openMikroOrmStore(config);
  try {
    const { projectId, taskId } = await seedLab(store);
    const [job] = await inTx(store, (tx) => tx.jobs.insert([newJob(projectId, taskId, { name: 'by-hand' })]));
    await inTx(store, (tx) => claimOne(tx, { projectId, offer: UNLIMITED_OFFER, claimant: { owner: 'w1', leaseSeconds: 60 }, now: after(5) }));
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
  }
};

onBothDatabases('a status change made by SQL that does not record it is recorded once by the trigger', safetyNet);
