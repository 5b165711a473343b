import { openMikroOrm, type DatabaseConfig } from './database-config.js';
import { MikroOrmMigrator } from './migrator.js';
import { MikroOrmStore } from './mikro-orm-store.js';

/** Opens the database, applies pending migrations, and returns the store; `close()` releases it all. */
export const openMikroOrmStore = async (config: DatabaseConfig): Promise<MikroOrmStore> => {
  const opened = await openMikroOrm(config);
  try {
    await new MikroOrmMigrator(opened).upgrade();
  } catch (error) {
    await opened.close();
    throw error;
  }
  return new MikroOrmStore(opened);
};
