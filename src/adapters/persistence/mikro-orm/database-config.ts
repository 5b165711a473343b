import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { PGliteDriver, type PGliteConnectionConfig } from 'mikro-orm-pglite';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { ENTITY_SCHEMAS } from './entities.js';
import { MIGRATIONS } from './migrations/migration-list.js';

/**
 * Where the data lives: a PostgreSQL server, or PGlite (PostgreSQL in WASM, in this process) on a
 * data directory. A `dataDir` of `memory://` keeps PGlite in memory (tests, throwaway embedding).
 */
export type DatabaseConfig =
  | { readonly kind: 'postgres'; readonly url: string; /** Connections in the pool (default 10). */ readonly poolSize?: number }
  | { readonly kind: 'pglite'; readonly dataDir: string };

export const isInMemoryPglite = (dataDir: string): boolean => dataDir.startsWith('memory://');

/**
 * PostgreSQL's own files live in `<dataDir>/pgdata`: initdb wants an empty directory, and the data
 * directory also holds WhatsNext's lock file.
 */
export const pgliteStoragePath = (dataDir: string): string => (isInMemoryPglite(dataDir) ? dataDir : join(dataDir, 'pgdata'));

/** Options shared by every ORM we open: entity schemas, the explicit migration list, no snapshots. */
const commonOptions = {
  entities: ENTITY_SCHEMAS,
  extensions: [Migrator],
  migrations: { migrationsList: MIGRATIONS, snapshot: false, silent: true, transactional: true, allOrNothing: true },
  // The counts are kept by triggers and statements, not mapped: the schema diff leaves them alone.
  schemaGenerator: { skipTables: ['job_counts', 'task_dependency_counts'] },
} satisfies Partial<Options>;

export const postgresOptions = (url: string, poolSize = 10): Options =>
  ({ ...commonOptions, driver: PostgreSqlDriver, clientUrl: url, pool: { min: 0, max: poolSize } }) as Options;

/** PGlite has one connection; `connect` hands MikroORM the instance (which MikroORM then only borrows). */
export const pgliteOptions = (connect: () => Promise<PGlite>): Options =>
  ({
    ...commonOptions,
    driver: PGliteDriver,
    dbName: 'postgres',
    driverOptions: { connection: { pglite: connect } satisfies PGliteConnectionConfig },
  }) as Options;

/** An opened ORM with what must be released with it. */
export interface OpenedOrm {
  readonly orm: MikroORM;
  readonly config: DatabaseConfig;
  close(): Promise<void>;
}

/** Closing twice waits for the first close instead of failing on released resources. */
const once = (close: () => Promise<void>): (() => Promise<void>) => {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
};

export const openMikroOrm = async (config: DatabaseConfig): Promise<OpenedOrm> => {
  if (config.kind === 'postgres') {
    const orm = await MikroORM.init(postgresOptions(config.url, config.poolSize));
    return { orm, config, close: once(() => orm.close(true)) };
  }
  const lock: DataDirLock | null = isInMemoryPglite(config.dataDir) ? null : acquireDataDirLock(config.dataDir);
  let pglite: PGlite | null = null;
  try {
    const connect = async (): Promise<PGlite> => (pglite ??= await PGlite.create(pgliteStoragePath(config.dataDir)));
    const orm = await MikroORM.init(pgliteOptions(connect));
    return {
      orm,
      config,
      close: once(async () => {
        try {
          await orm.close(true);
          await pglite?.close();
        } finally {
          lock?.release();
        }
      }),
    };
  } catch (error) {
    await (pglite as PGlite | null)?.close();
    lock?.release();
    throw error;
  }
};
