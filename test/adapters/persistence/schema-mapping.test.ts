import test from 'ava';
import type { AbstractSqlDriver, SqlSchemaGenerator } from '@mikro-orm/postgresql';
import type { DatabaseConfig } from '../../../src/adapters/persistence/mikro-orm/database-config.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { createScratchDatabase, TEST_SERVER_ENV } from '../../contract/database-fixture.js';

/**
 * The EntitySchemas and the hand-written migrations describe the same tables, indexes and keys:
 * MikroORM's schema diff after migrating is empty, so `migration:create` starts from the truth.
 */
const noDiff = (open: () => Promise<{ config: DatabaseConfig; cleanUp: () => Promise<void> }>) => async (t: import('ava').ExecutionContext) => {
  const { config, cleanUp } = await open();
  const store = await openMikroOrmStore(config).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  try {
    const generator = store.orm.getSchemaGenerator() as unknown as SqlSchemaGenerator;
    t.is((await generator.getUpdateSchemaSQL({ wrap: false })).trim(), '');
    t.is((store.orm.config.getDriver() as AbstractSqlDriver).getPlatform().constructor.name, 'PostgreSqlPlatform');
  } finally {
    await store.close();
    await cleanUp();
  }
};

test('PGlite: the entity schemas match the migrated database', noDiff(async () => ({ config: { kind: 'pglite', dataDir: 'memory://' }, cleanUp: async () => {} })));

const serverUrl = process.env[TEST_SERVER_ENV];
if (serverUrl === undefined || serverUrl === '') {
  test.skip(`PostgreSQL: the entity schemas match the migrated database (set ${TEST_SERVER_ENV} to run it)`, () => {});
} else {
  test(
    'PostgreSQL: the entity schemas match the migrated database',
    noDiff(async () => {
      const database = await createScratchDatabase(serverUrl);
      return { config: { kind: 'postgres', url: database.url }, cleanUp: database.drop };
    }),
  );
}
