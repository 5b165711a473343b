import { openMikroOrm, type DatabaseConfig } from './database-config.js';
import { MikroOrmMigrator, openMikroOrmMigrator } from './migrator.js';
import { MikroOrmStore } from './mikro-orm-store.js';

/**
 * Applies pending migrations. On a PostgreSQL server they run on connections of their own (see
 * openMikroOrmMigrator), since the store's pool may be a single connection. PGlite is one
 * connection in this process, so the store's ORM migrates itself.
 */
const migrate = async (config: DatabaseConfig): Promise<void> => {
  if (config.kind !== 'postgres') return;
  const migrator = await openMikroOrmMigrator(config);
  try {
    await migrator.upgrade();
  } finally {
    await migrator.close();
  }
};

/** Opens the database, applies pending migrations, and returns the store; `close()` releases it all. */
export const openMikroOrmStore = async (config: DatabaseConfig): Promise<MikroOrmStore> => {
  await migrate(config);
  const opened = await openMikroOrm(config);
  try {
    if (config.kind === 'pglite') await new MikroOrmMigrator(opened).upgrade();
  } catch (error) {
    await opened.close();
    throw error;
  }
  return new MikroOrmStore(opened);
};
