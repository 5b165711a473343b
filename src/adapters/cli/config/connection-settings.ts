import { CliFailure } from '../shared/cli-failure.js';
import type { ConfigFile } from './config-file.js';

/** Where a networked command talks to, and as whom. */
export interface ConnectionSettings {
  /** e.g. `http://127.0.0.1:8000` */
  readonly baseUrl: string;
  readonly project: string | null;
  readonly apiKey: string | null;
  /** The configuration file read, if any. */
  readonly configFile: string | null;
}

/** What one source (flags, environment, file) says. */
export interface SettingsLayer {
  readonly server?: string | undefined;
  readonly port?: number | undefined;
  readonly project?: string | undefined;
  readonly apiKey?: string | undefined;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8000;

interface ServerAddress {
  readonly protocol: string;
  readonly host: string;
  readonly port: number | null;
  readonly path: string;
}

/** `host`, `host:port`, or a full `http(s)://host[:port][/prefix]` URL. */
export const parseServer = (text: string, origin: string): ServerAddress => {
  const trimmed = text.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      throw new CliFailure(`${origin}: '${text}' is not a valid URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliFailure(`${origin}: '${text}' must be an http:// or https:// URL`);
    return { protocol: url.protocol, host: url.hostname, port: url.port === '' ? null : Number(url.port), path: url.pathname.replace(/\/+$/, '') };
  }
  const hostPort = /^([^:/\s]+):(\d+)$/.exec(trimmed);
  if (hostPort) return { protocol: 'http:', host: hostPort[1]!, port: checkPort(Number(hostPort[2]), origin), path: '' };
  if (trimmed === '' || /[\s/]/.test(trimmed)) throw new CliFailure(`${origin}: '${text}' is not a host name or URL`);
  return { protocol: 'http:', host: trimmed, port: null, path: '' };
};

export const checkPort = (port: number, origin: string): number => {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliFailure(`${origin} must be a port from 1 to 65535, got '${port}'`);
  return port;
};

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value);

/** The environment's layer: WHATSNEXT_SERVER, WHATSNEXT_PORT, WHATSNEXT_PROJECT, WHATSNEXT_API_KEY. */
export const environmentLayer = (env: NodeJS.ProcessEnv): SettingsLayer => {
  const port = nonEmpty(env['WHATSNEXT_PORT']);
  return {
    server: nonEmpty(env['WHATSNEXT_SERVER']),
    port: port === undefined ? undefined : checkPort(/^\d+$/.test(port.trim()) ? Number(port) : NaN, 'WHATSNEXT_PORT'),
    project: nonEmpty(env['WHATSNEXT_PROJECT']),
    apiKey: nonEmpty(env['WHATSNEXT_API_KEY']),
  };
};

export const fileLayer = (file: ConfigFile | null): SettingsLayer =>
  file === null ? {} : { server: file.host, port: file.port, project: file.project, apiKey: file.apiKey };

const hostInUrl = (host: string): string => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

/**
 * Flags win over the environment, which wins over the file, which wins over the defaults
 * (127.0.0.1:8000). A server URL's own port counts as given where the URL was given; a port given
 * at the same level as the URL wins over it.
 */
export const resolveSettings = (layers: { flags: SettingsLayer; env: SettingsLayer; file: SettingsLayer }, configFile: string | null): ConnectionSettings => {
  const ordered: readonly [string, SettingsLayer][] = [
    ['--server', layers.flags],
    ['WHATSNEXT_SERVER', layers.env],
    [configFile ?? 'the configuration file', layers.file],
  ];
  const serverLevel = ordered.findIndex(([, layer]) => layer.server !== undefined);
  const server = serverLevel === -1 ? null : parseServer(ordered[serverLevel]![1].server!, ordered[serverLevel]![0]);
  const portLevel = ordered.findIndex(([, layer]) => layer.port !== undefined);
  const urlPortWins = server?.port != null && (portLevel === -1 || serverLevel < portLevel);
  const port = urlPortWins ? server!.port! : portLevel === -1 ? DEFAULT_PORT : ordered[portLevel]![1].port!;
  const address = server ?? { protocol: 'http:', host: DEFAULT_HOST, port: null, path: '' };
  const first = (key: 'project' | 'apiKey'): string | null => ordered.map(([, layer]) => layer[key]).find((v) => v !== undefined) ?? null;
  return {
    baseUrl: `${address.protocol}//${hostInUrl(address.host)}:${port}${address.path}`,
    project: first('project'),
    apiKey: first('apiKey'),
    configFile,
  };
};
