import { openMikroOrmStore } from '../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { registerStoreContract } from './store-contract.js';

// Each test gets its own in-memory PGlite, migrated from scratch.
registerStoreContract('pglite', async () => {
  const store = await openMikroOrmStore({ kind: 'pglite', dataDir: 'memory://' });
  return { store, dispose: () => store.close() };
});
