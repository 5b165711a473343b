import { statSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Where WhatsNext keeps its data:
 * - `memory`: this process only, gone when it exits;
 * - `pglite` / `{ pglite: dir }`: embedded PostgreSQL (PGlite) on a data directory (the default:
 *   `WHATSNEXT_DATA_DIR`, else `./.whatsnext/data`, or `./.whatsnext-data` where `./.whatsnext` is a
 *   configuration file);
 * - `postgres://…` / `{ postgres: url }`: a PostgreSQL server shared by any number of processes.
 */
export type DatabaseOption = 'memory' | 'pglite' | { readonly pglite: string } | { readonly postgres: string } | string;

export type DatabaseChoice =
  | { readonly kind: 'memory' }
  | { readonly kind: 'pglite'; readonly dataDir: string }
  | { readonly kind: 'postgres'; readonly url: string };

export const DEFAULT_DATA_DIR = './.whatsnext/data';
/** The default when `./.whatsnext` is a file (the original's config file, what `whatsnext init` writes). */
export const DATA_DIR_BESIDE_CONFIG_FILE = './.whatsnext-data';

const isFile = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;

/** `./.whatsnext/data`, unless `./.whatsnext` is a configuration file: then `./.whatsnext-data`. */
export const defaultDataDir = (cwd: string = process.cwd()): string => (isFile(resolve(cwd, '.whatsnext')) ? DATA_DIR_BESIDE_CONFIG_FILE : DEFAULT_DATA_DIR);

const isPostgresUrl = (text: string) => /^postgres(ql)?:\/\//.test(text);

/** Reads the option, falling back to DATABASE_URL, then WHATSNEXT_DATA_DIR, then the default data directory. */
export const chooseDatabase = (option: DatabaseOption | undefined, env: NodeJS.ProcessEnv = process.env): DatabaseChoice => {
  const dataDir = (dir: string | undefined) => ({ kind: 'pglite' as const, dataDir: resolve(dir ?? env['WHATSNEXT_DATA_DIR'] ?? defaultDataDir()) });
  if (option === undefined) {
    const url = env['DATABASE_URL'];
    return url ? chooseDatabase(url, env) : dataDir(undefined);
  }
  if (option === 'memory') return { kind: 'memory' };
  if (option === 'pglite') return dataDir(undefined);
  if (typeof option === 'object') return 'pglite' in option ? dataDir(option.pglite) : { kind: 'postgres', url: option.postgres };
  if (isPostgresUrl(option)) return { kind: 'postgres', url: option };
  throw new Error(`Unknown database '${option}': use 'memory', 'pglite', { pglite: dir } or a postgres:// URL.`);
};

/** Where to say the data lives, without a password. */
export const describeDatabase = (choice: DatabaseChoice): string => {
  if (choice.kind === 'memory') return 'memory (nothing is kept after exit)';
  if (choice.kind === 'pglite') return `PGlite in ${choice.dataDir}`;
  const url = new URL(choice.url);
  if (url.password) url.password = '***';
  return `PostgreSQL at ${url.toString()}`;
};
