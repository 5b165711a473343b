import type { Middleware } from 'koa';

/**
 * A fixed-window limit of requests per client IP and minute; past it, 429 with `Retry-After`.
 * Off unless configured. Windows of idle clients are forgotten as they roll over.
 */
export const rateLimit = (perMinute: number, now: () => number = Date.now): Middleware => {
  let windowStart = now();
  let counts = new Map<string, number>();
  return async (ctx, next) => {
    const time = now();
    if (time - windowStart >= 60_000) {
      windowStart = time;
      counts = new Map();
    }
    const used = (counts.get(ctx.ip) ?? 0) + 1;
    counts.set(ctx.ip, used);
    if (used > perMinute) {
      ctx.status = 429;
      ctx.set('Retry-After', String(Math.max(1, Math.ceil((windowStart + 60_000 - time) / 1000))));
      ctx.body = { detail: `Rate limit of ${perMinute} requests per minute exceeded.` };
      return;
    }
    return next();
  };
};
