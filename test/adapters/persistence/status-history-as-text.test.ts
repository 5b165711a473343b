import type { ExecutionContext } from 'ava';
import { openMikroOrm, type DatabaseConfig } from '../../../src/adapters/persistence/mikro-orm/database-config.js';
import { MIGRATIONS } from '../../../src/adapters/persistence/mikro-orm/migrations/migration-list.js';
import { MikroOrmMigrator } from '../../../src/adapters/persistence/mikro-orm/migrator.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { UNLIMITED_OFFER } from '../../../src/domain/resources.js';
import { STATUS_HISTORY_LIMIT } from '../../../src/domain/status-change.js';
import { plain } from '../../contract/contract-kit.js';
import { after, newJob } from '../../contract/fixtures.js';
import { inTx, onBothDatabases, seedLab } from './persistence-kit.js';

const TEXT_HISTORY = MIGRATIONS.find((migration) => migration.name.endsWith('_status_history_as_text'))!.name;

/** A worker name and a failure reason that JSON must escape (quotes, backslash, tab, non-ASCII). */
const ODD_WORKER = 'w "1" \\ \t ☃';
const ODD_REASON = 'said "no" \\ \t ☃';

const readHistory = async (config: DatabaseConfig, jobId: number) => {
  const store = await openMikroOrmStore(config);
  try {
    return plain(await inTx(store, (tx) => tx.jobs.history(jobId)));
  } finally {
    await store.close();
  }
};

const migrator = async (config: DatabaseConfig, step: (migrator: MikroOrmMigrator) => Promise<unknown>): Promise<void> => {
  const opened = new MikroOrmMigrator(await openMikroOrm(config));
  try {
    await step(opened);
  } finally {
    await opened.close();
  }
};

/**
 * The status_history_as_text migration converts every entry, in both directions, escapes and all;
 * the text history keeps its latest entries as the jsonb one did.
 */
const convertsBothWays = async (t: ExecutionContext, config: DatabaseConfig): Promise<void> => {
  const store = await openMikroOrmStore(config);
  let jobId: number;
  try {
    const { projectId, taskId } = await seedLab(store);
    const [job] = await inTx(store, (tx) => tx.jobs.insert([newJob(projectId, taskId, { name: 'odd' })]));
    jobId = job!.id;
    await inTx(store, (tx) => tx.jobs.claimNext({ projectId, offer: UNLIMITED_OFFER, claimant: { owner: ODD_WORKER, leaseSeconds: 60 }, now: after(5) }));
    await store.orm.em
      .getConnection()
      .execute(`UPDATE jobs SET status = 'FAILED', failure_reason = ?, updated_at = ? WHERE id = ?`, [`${ODD_REASON}\nsecond line`, after(9), jobId]);
  } finally {
    await store.close();
  }
  const expected = plain([
    { from: 'PENDING', to: 'QUEUED', at: after(5), worker: ODD_WORKER, attempt: 1, reason: null },
    { from: 'QUEUED', to: 'FAILED', at: after(9), worker: ODD_WORKER, attempt: 1, reason: ODD_REASON },
  ]);
  t.deepEqual(await readHistory(config, jobId), expected);

  // Down to before the text history (and the migrations after it), then up again.
  await migrator(config, async (steps) => {
    while ((await steps.downgrade()) !== TEXT_HISTORY) continue;
  });
  const opened = await openMikroOrm(config);
  try {
    const rows: { history: unknown }[] = await opened.orm.em.getConnection().execute(`SELECT status_history AS history FROM jobs WHERE id = ?`, [jobId]);
    const history = typeof rows[0]?.history === 'string' ? (JSON.parse(rows[0].history) as unknown) : rows[0]?.history;
    t.deepEqual(
      plain((history as { at: string }[]).map((entry) => ({ ...entry, at: new Date(entry.at) }))),
      expected,
    );
  } finally {
    await opened.close();
  }
  await migrator(config, (steps) => steps.upgrade());
  t.deepEqual(await readHistory(config, jobId), expected);
};

onBothDatabases('status histories convert to text and back, entry for entry', convertsBothWays);

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
