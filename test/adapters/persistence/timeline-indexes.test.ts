import test, { type ExecutionContext } from 'ava';
import type { DatabaseConfig } from '../../../src/adapters/persistence/mikro-orm/database-config.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { ACTIVE_IN_WINDOW } from '../../../src/adapters/persistence/mikro-orm/sql/job-active-in-window.js';
import { FINISHED_BY_MINUTE, FINISHED_RUN_TIMES } from '../../../src/adapters/persistence/mikro-orm/sql/job-finished-in-window.js';
import { createScratchDatabase, TEST_SERVER_ENV } from '../../contract/database-fixture.js';

/**
 * The timeline's statements read the jobs of the window through the indexes 0006 adds, not the
 * project's jobs: each plan names them. Sequential scans are switched off so that the plan on a
 * near-empty table is the one a large table gets.
 */
const VALUES: Record<string, string> = {
  ':projectId': '1',
  ':since': "'2026-03-01T10:00:00Z'",
  ':until': "'2026-03-01T11:00:00Z'",
  ':limit': '5000',
};
const withValues = (sql: string): string => sql.replace(/:projectId|:since|:until|:limit/g, (name) => VALUES[name]!);

const plans = (open: () => Promise<{ config: DatabaseConfig; cleanUp: () => Promise<void> }>) => async (t: ExecutionContext) => {
  const { config, cleanUp } = await open();
  const store = await openMikroOrmStore(config).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  try {
    // One transaction: the setting and the plans on one connection.
    await store.orm.em.fork().transactional(async (em) => {
      const connection = em.getConnection();
      const context = em.getTransactionContext();
      await connection.execute('SET LOCAL enable_seqscan = off', [], 'run', context);
      const plan = async (sql: string) =>
        ((await connection.execute(`EXPLAIN ${withValues(sql)}`, [], 'all', context)) as { 'QUERY PLAN': string }[]).map((row) => row['QUERY PLAN']).join('\n');
      const active = await plan(ACTIVE_IN_WINDOW);
      t.regex(active, /jobs_project_updated_index/, active);
      t.regex(active, /jobs_project_id_status_id_index/, active);
      for (const statement of [FINISHED_BY_MINUTE, FINISHED_RUN_TIMES]) {
        const finished = await plan(statement);
        t.regex(finished, /jobs_project_finished_index/, finished);
      }
    });
  } finally {
    await store.close();
    await cleanUp();
  }
};

test('PGlite: the timeline statements use the timeline indexes', plans(async () => ({ config: { kind: 'pglite', dataDir: 'memory://' }, cleanUp: async () => {} })));

const serverUrl = process.env[TEST_SERVER_ENV];
if (serverUrl === undefined || serverUrl === '') {
  test.skip(`PostgreSQL: the timeline statements use the timeline indexes (set ${TEST_SERVER_ENV} to run it)`, () => {});
} else {
  test(
    'PostgreSQL: the timeline statements use the timeline indexes',
    plans(async () => {
      const database = await createScratchDatabase(serverUrl);
      return { config: { kind: 'postgres', url: database.url }, cleanUp: database.drop };
    }),
  );
}
