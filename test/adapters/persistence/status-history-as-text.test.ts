import type { ExecutionContext } from 'ava';
import type { DatabaseConfig } from '../../../src/adapters/persistence/mikro-orm/database-config.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { UNLIMITED_OFFER } from '../../../src/domain/resources.js';
import { STATUS_HISTORY_LIMIT } from '../../../src/domain/status-change.js';
import { plain } from '../../contract/contract-kit.js';
import { after, newJob } from '../../contract/fixtures.js';
import { claimOne, inTx, onBothDatabases, seedLab } from './persistence-kit.js';

/** A worker name and a failure reason that JSON must escape (quotes, backslash, tab, non-ASCII). */
const ODD_WORKER = 'w "1" \\ \t ☃';
const ODD_REASON = 'said "no" \\ \t ☃';

/**
 * The text history (one JSON array per line, written by whatsnext_status_history in SQL) keeps
 * every value as it was, escapes and all, whether a store statement or SQL by hand (the row
 * trigger) changed the status; the reason is the failure reason's first line.
 */
const keepsOddValues = async (t: ExecutionContext, config: DatabaseConfig): Promise<void> => {
  const store = await openMikroOrmStore(config);
  try {
    const { projectId, taskId } = await seedLab(store);
    const [job] = await inTx(store, (tx) => tx.jobs.insert([newJob(projectId, taskId, { name: 'odd' })]));
    await inTx(store, (tx) => claimOne(tx, { projectId, offer: UNLIMITED_OFFER, claimant: { owner: ODD_WORKER, leaseSeconds: 60 }, now: after(5) }));
    await store.orm.em
      .getConnection()
      .execute(`UPDATE jobs SET status = 'FAILED', failure_reason = ?, updated_at = ? WHERE id = ?`, [`${ODD_REASON}\nsecond line`, after(9), job!.id]);
    t.deepEqual(
      plain(await inTx(store, (tx) => tx.jobs.history(job!.id))),
      plain([
        { from: 'PENDING', to: 'QUEUED', at: after(5), worker: ODD_WORKER, attempt: 1, reason: null },
        { from: 'QUEUED', to: 'FAILED', at: after(9), worker: ODD_WORKER, attempt: 1, reason: ODD_REASON },
      ]),
    );
  } finally {
    await store.close();
  }
};

onBothDatabases('status histories keep worker names and reasons that JSON must escape', keepsOddValues);

/** A job that changed status more often than the limit keeps its latest changes, oldest first. */
const keepsTheLatest = async (t: ExecutionContext, config: DatabaseConfig): Promise<void> => {
  const store = await openMikroOrmStore(config);
  try {
    const { projectId, taskId } = await seedLab(store);
    const [job] = await inTx(store, (tx) => tx.jobs.insert([newJob(projectId, taskId, { name: 'bouncing' })]));
    const changes = STATUS_HISTORY_LIMIT + 7;
    for (let i = 1; i <= changes; i++) {
      await store.orm.em
        .getConnection()
        .execute(`UPDATE jobs SET status = ?, attempts = ?, updated_at = ? WHERE id = ?`, [i % 2 === 1 ? 'QUEUED' : 'PENDING', i, after(i), job!.id]);
    }
    const history = await inTx(store, (tx) => tx.jobs.history(job!.id));
    t.is(history?.length, STATUS_HISTORY_LIMIT);
    t.deepEqual(
      history?.map((change) => change.attempt),
      Array.from({ length: STATUS_HISTORY_LIMIT }, (_, i) => changes - STATUS_HISTORY_LIMIT + 1 + i),
    );
  } finally {
    await store.close();
  }
};

onBothDatabases(`a status history keeps the latest ${STATUS_HISTORY_LIMIT} changes`, keepsTheLatest);
