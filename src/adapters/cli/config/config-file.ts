import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import YAML from 'yaml';
import { CliFailure } from '../shared/cli-failure.js';

/** What a `.whatsnext` file says; every key is optional. */
export interface ConfigFile {
  readonly path: string;
  readonly host?: string;
  readonly port?: number;
  readonly project?: string;
  readonly apiKey?: string;
  /** The `client:` section as written (a worker's name, entity, cpus, accelerators); read by the worker command. */
  readonly client?: unknown;
  /** The `formatter:` section as written (how jobs run: type, slurm, runai, …); read by the worker command. */
  readonly formatter?: unknown;
  /** One line per key the file has that WhatsNext does not read, e.g. `unknown key 'sever' (ignored)`. */
  readonly warnings: readonly string[];
}

/** The keys the original WhatsNext reads, and ours (`api_key` at the top as well as under `server`). */
const TOP_LEVEL_KEYS = ['server', 'project', 'api_key', 'client', 'formatter'] as const;
const SERVER_KEYS = ['host', 'port', 'api_key'] as const;

const unknownKeys = (record: Record<string, unknown>, known: readonly string[], prefix: string, path: string): string[] =>
  Object.keys(record)
    .filter((key) => !known.includes(key))
    .map((key) => `${path}: unknown key '${prefix}${key}' (ignored)`);

export const CONFIG_NAME = '.whatsnext';
/** When `.whatsnext` is a directory (the server's default PGlite data lives in `.whatsnext/data`). */
export const CONFIG_IN_DIRECTORY = 'config.yaml';

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();
const isDirectory = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();

/** The directories searched, in order: `cwd`, its parents up to `home` (or the root), then `home`. */
export const configDirectories = (cwd: string, home: string): string[] => {
  const homeDir = resolve(home);
  const dirs: string[] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    dirs.push(dir);
    if (dir === homeDir || dirname(dir) === dir) break;
  }
  if (!dirs.includes(homeDir)) dirs.push(homeDir);
  return dirs;
};

/** The configuration file of a directory: `.whatsnext`, or `.whatsnext/config.yaml` when `.whatsnext` is a directory. */
export const configFileIn = (dir: string): string | null => {
  const path = join(dir, CONFIG_NAME);
  if (isFile(path)) return path;
  const inside = join(path, CONFIG_IN_DIRECTORY);
  return isDirectory(path) && isFile(inside) ? inside : null;
};

/** The file `--config PATH` names (a `.whatsnext` directory stands for its `config.yaml`); a failure when there is none. */
export const givenConfigFile = (path: string): string => {
  if (isFile(path)) return path;
  const inside = join(path, CONFIG_IN_DIRECTORY);
  if (isDirectory(path) && isFile(inside)) return inside;
  throw new CliFailure(`config file not found: ${path}`);
};

/** Where `whatsnext init` writes in a directory. */
export const configTargetIn = (dir: string): string => {
  const path = join(dir, CONFIG_NAME);
  return isDirectory(path) ? join(path, CONFIG_IN_DIRECTORY) : path;
};

/** The first configuration file found from `cwd` upwards, then in `home`; null when there is none. */
export const findConfigFile = (cwd: string, home: string): string | null => {
  for (const dir of configDirectories(cwd, home)) {
    const path = configFileIn(dir);
    if (path !== null) return path;
  }
  return null;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown, key: string, path: string): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw new CliFailure(`${path}: ${key} must be a string`);
};

/**
 * Parses a configuration file's text (YAML): `server.host`, `server.port`, `server.api_key` (or
 * `api_key`), `project`, and the worker's `client:` and `formatter:` sections, kept as written for
 * the worker command to decode.
 */
export const parseConfigFile = (source: string, path: string): ConfigFile => {
  let data: unknown;
  try {
    data = YAML.parse(source);
  } catch (error) {
    throw new CliFailure(`${path}: not valid YAML (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})`);
  }
  if (data === null || data === undefined) return { path, warnings: [] };
  if (!isRecord(data)) throw new CliFailure(`${path}: expected a mapping with server.host, server.port and project`);
  const server = data['server'];
  if (server !== undefined && server !== null && !isRecord(server)) throw new CliFailure(`${path}: server must be a mapping with host and port`);
  const host = text(server?.['host'], 'server.host', path);
  const portValue = server?.['port'];
  let port: number | undefined;
  if (portValue !== undefined && portValue !== null) {
    port = Number(portValue);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliFailure(`${path}: server.port must be an integer from 1 to 65535, got ${JSON.stringify(portValue)}`);
  }
  const project = text(data['project'], 'project', path);
  const apiKey = text(server?.['api_key'], 'server.api_key', path) ?? text(data['api_key'], 'api_key', path);
  const warnings = [...unknownKeys(data, TOP_LEVEL_KEYS, '', path), ...(server ? unknownKeys(server, SERVER_KEYS, 'server.', path) : [])];
  return {
    path,
    warnings,
    ...(host !== undefined && host !== '' ? { host } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(project !== undefined && project !== '' ? { project } : {}),
    ...(apiKey !== undefined && apiKey !== '' ? { apiKey } : {}),
    ...(data['client'] !== undefined && data['client'] !== null ? { client: data['client'] } : {}),
    ...(data['formatter'] !== undefined && data['formatter'] !== null ? { formatter: data['formatter'] } : {}),
  };
};

export const readConfigFile = (path: string): ConfigFile => {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliFailure(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseConfigFile(source, path);
};

/** The YAML `whatsnext init` writes. */
export const configYaml = (config: { host: string; port: number; project: string; apiKey?: string | undefined }): string =>
  YAML.stringify({ server: { host: config.host, port: config.port, ...(config.apiKey ? { api_key: config.apiKey } : {}) }, project: config.project });

/** Writes a configuration file; one holding an API key is readable by its owner only. */
export const writeConfigFile = (path: string, yaml: string, secret: boolean): void => {
  writeFileSync(path, yaml, { mode: secret ? 0o600 : 0o644 });
  if (secret) chmodSync(path, 0o600);
};
