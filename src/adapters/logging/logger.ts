import { pino, type Logger, type LevelWithSilent } from 'pino';

const LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Structured JSON logs (pino). API keys never reach them: requests are logged by method and URL only. */
export const createLogger = (level: string): Logger => {
  if (!(LEVELS as readonly string[]).includes(level)) throw new Error(`Unknown log level '${level}': use one of ${LEVELS.join(', ')}.`);
  return pino({ level, base: { service: 'whatsnext' }, redact: ['req.headers["x-api-key"]', 'headers["x-api-key"]'] });
};
