/**
 * Whether a fault means "the database cannot be reached right now" (refused or dropped
 * connections, a server shutting down or starting up, a pool that cannot get a connection),
 * rather than a bug: those answer 503 with Retry-After, so that clients back off and retry.
 * Recognised by the driver's error codes and messages; no persistence type is imported here.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// SQLSTATE class 08 (connection exception); 57P01-03: admin shutdown, crash shutdown, cannot connect now.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123])$/;
const UNAVAILABLE_MESSAGE = /Connection terminated|is not queryable|Connection ended unexpectedly|Timeout acquiring a connection|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command/i;

const MAX_DEPTH = 4;

export const isDatabaseUnavailable = (error: unknown, depth = 0): boolean => {
  if (typeof error !== 'object' || error === null || depth > MAX_DEPTH) return false;
  const { code, message, cause, previous, name } = error as { code?: unknown; message?: unknown; cause?: unknown; previous?: unknown; name?: unknown };
  if (name === 'ConnectionException') return true;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
  return isDatabaseUnavailable(cause, depth + 1) || isDatabaseUnavailable(previous, depth + 1);
};

/** Seconds a client is asked to wait before it retries while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 1;
