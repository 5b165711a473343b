import test from 'ava';
import { openMikroOrmStore } from '../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { createScratchDatabase, TEST_SERVER_ENV } from './database-fixture.js';
import { registerStoreContract } from './store-contract.js';

const serverUrl = process.env[TEST_SERVER_ENV];

if (serverUrl === undefined || serverUrl === '') {
  test.skip(`postgres: store contract (set ${TEST_SERVER_ENV} to a PostgreSQL server to run it)`, () => {});
} else {
  // Each test gets a database of its own, created fresh and dropped after.
  registerStoreContract('postgres', async () => {
    const database = await createScratchDatabase(serverUrl);
    try {
      const store = await openMikroOrmStore({ kind: 'postgres', url: database.url });
      return {
        store,
        dispose: async () => {
          await store.close();
          await database.drop();
        },
      };
    } catch (error) {
      await database.drop();
      throw error;
    }
  });
}
