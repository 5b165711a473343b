/**
 * For the MikroORM CLI (`npx mikro-orm-esm …` under tsx, e.g.
 * `MIKRO_ORM_CLI_ALWAYS_ALLOW_TS=1 node --import tsx node_modules/@mikro-orm/cli/esm.js migration:list`).
 * DATABASE_URL selects a PostgreSQL server; otherwise the embedded PGlite data directory
 * WHATSNEXT_DATA_DIR (default ./.whatsnext/data), locked against a running WhatsNext.
 * The application itself opens databases through database-config.ts, not through this file.
 */
import { PGlite } from '@electric-sql/pglite';
import { acquireDataDirLock } from './src/adapters/persistence/mikro-orm/data-dir-lock.js';
import { pgliteOptions, pgliteStoragePath, postgresOptions } from './src/adapters/persistence/mikro-orm/database-config.js';

const databaseUrl = process.env['DATABASE_URL'];
const dataDir = process.env['WHATSNEXT_DATA_DIR'] ?? './.whatsnext/data';

let pglite: PGlite | undefined;
const connectPglite = async (): Promise<PGlite> => {
  if (pglite !== undefined) return pglite;
  const lock = acquireDataDirLock(dataDir);
  // The CLI exits without closing what it borrowed: release the directory on the way out.
  process.once('exit', () => lock.release());
  pglite = await PGlite.create(pgliteStoragePath(dataDir));
  return pglite;
};

export default databaseUrl !== undefined && databaseUrl !== '' ? postgresOptions(databaseUrl) : pgliteOptions(connectPglite);
