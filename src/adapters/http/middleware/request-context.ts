import type { Middleware } from 'koa';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database-unavailable.js';

/**
 * Outermost middleware: gives each request an id (echoed as `X-Request-Id`), logs it once done,
 * and turns any fault into one answer — 4xx faults from the HTTP layer (bad JSON, body too
 * large) keep their status; a database that cannot be reached is a 503 with Retry-After (clients
 * back off and retry; the pool reconnects by itself); anything else is a 500 that carries the
 * request id and no stack.
 */
export const requestContext = (logger: Logger): Middleware => async (ctx, next) => {
  const requestId = randomUUID();
  const started = performance.now();
  ctx.state['requestId'] = requestId;
  ctx.set('X-Request-Id', requestId);
  try {
    await next();
  } catch (error) {
    const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
    if (status >= 400 && status < 500 && (error as { expose?: boolean }).expose !== false) {
      ctx.status = status;
      ctx.body = { detail: (error as Error).message };
    } else if (isDatabaseUnavailable(error)) {
      logger.warn({ requestId, err: error, method: ctx.method, url: ctx.url }, 'database unavailable');
      ctx.status = 503;
      ctx.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      ctx.body = { detail: 'The database is unavailable; retry later.', request_id: requestId };
    } else {
      logger.error({ requestId, err: error, method: ctx.method, url: ctx.url }, 'request failed');
      ctx.status = 500;
      ctx.body = { detail: 'Internal Server Error', request_id: requestId };
    }
  }
  logger.info({ requestId, ip: ctx.ip, method: ctx.method, url: ctx.url, status: ctx.status, ms: Math.round(performance.now() - started) }, 'request');
};
