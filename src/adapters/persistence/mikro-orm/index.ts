export { type DatabaseConfig, openMikroOrm, type OpenedOrm } from './database-config.js';
export { DataDirLockedError } from './data-dir-lock.js';
export { MikroOrmMigrator, openMikroOrmMigrator, type MigrationHistoryEntry, type MigrationStatus } from './migrator.js';
export { MikroOrmStore } from './mikro-orm-store.js';
export { mikroOrmStoreModule } from './mikro-orm-store.module.js';
export { openMikroOrmStore } from './open-mikro-orm-store.js';
