import { DEFAULT_HTTP_SETTINGS, type HttpSettings } from '../adapters/http/http-settings.js';
import { DEFAULT_UNLEASED_CLAIM_SECONDS } from '../application/ports/scheduler-settings.port.js';
import { chooseDatabase, type DatabaseChoice } from './database-choice.js';

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly database: DatabaseChoice;
  readonly leaseSeconds: number;
  /** null: claims without a lease never expire. */
  readonly unleasedClaimSeconds: number | null;
  /** How often the retention sweep runs, in ms; 0: never. */
  readonly retentionSweepMs: number;
  readonly logLevel: string;
  readonly http: HttpSettings;
}

export interface ServerFlags {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly database?: string | undefined;
}

const list = (text: string | undefined): string[] => (text ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

const positiveNumber = (name: string, text: string | undefined, fallback: number, integer = false): number => {
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isSafeInteger(value))) {
    throw new Error(`${name} must be a positive ${integer ? 'integer' : 'number'}, got '${text}'.`);
  }
  return value;
};

/** `WHATSNEXT_UNLEASED_CLAIM_SECONDS`: a positive number, or 0 for never. */
const unleasedClaimSeconds = (text: string | undefined): number | null => {
  if (text !== undefined && text.trim() === '0') return null;
  return positiveNumber('WHATSNEXT_UNLEASED_CLAIM_SECONDS', text, DEFAULT_UNLEASED_CLAIM_SECONDS);
};

/** `WHATSNEXT_TRUST_PROXY`: how many proxies to trust; `true` is one, `false` or `0` none. */
const trustedProxies = (text: string | undefined): number => {
  const value = (text ?? '').trim().toLowerCase();
  if (value === '' || value === 'false' || value === '0') return 0;
  if (value === 'true') return 1;
  const count = Number(value);
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new Error(`WHATSNEXT_TRUST_PROXY must be true, false, or how many proxies are in front (e.g. 1), got '${text}'.`);
  }
  return count;
};

/** Flags win over the environment, which wins over the defaults (127.0.0.1:8000 on PGlite). */
export const serverConfig = (flags: ServerFlags, env: NodeJS.ProcessEnv = process.env): ServerConfig => {
  const port = flags.port ?? positiveNumber('WHATSNEXT_PORT', env['WHATSNEXT_PORT'], 8000, true);
  if (port > 65535) throw new Error(`The port must be at most 65535, got ${port}.`);
  const rateLimit = env['WHATSNEXT_RATE_LIMIT'];
  return {
    host: flags.host ?? env['WHATSNEXT_HOST'] ?? '127.0.0.1',
    port,
    database: chooseDatabase(flags.database, env),
    leaseSeconds: positiveNumber('WHATSNEXT_LEASE_SECONDS', env['WHATSNEXT_LEASE_SECONDS'], 60),
    unleasedClaimSeconds: unleasedClaimSeconds(env['WHATSNEXT_UNLEASED_CLAIM_SECONDS']),
    retentionSweepMs: positiveNumber('WHATSNEXT_RETENTION_SWEEP_SECONDS', env['WHATSNEXT_RETENTION_SWEEP_SECONDS'], 60) * 1000,
    logLevel: env['WHATSNEXT_LOG_LEVEL'] ?? 'info',
    http: {
      apiKeys: list(env['WHATSNEXT_API_KEYS']),
      rateLimitPerMinute: rateLimit ? positiveNumber('WHATSNEXT_RATE_LIMIT', rateLimit, 0, true) : null,
      corsOrigins: list(env['WHATSNEXT_CORS_ORIGINS']),
      bodyLimit: env['WHATSNEXT_BODY_LIMIT'] ?? DEFAULT_HTTP_SETTINGS.bodyLimit,
      trustedProxies: trustedProxies(env['WHATSNEXT_TRUST_PROXY']),
    },
  };
};
