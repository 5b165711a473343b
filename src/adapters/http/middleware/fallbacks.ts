import type { Middleware } from 'koa';

/** Unknown routes and wrong methods answer in the original's JSON shape. */
export const jsonFallbacks: Middleware = async (ctx, next) => {
  await next();
  if (ctx.body !== undefined && ctx.body !== null) return;
  // Assigning a body resets an implicit 404 to 200 in Koa: set the status again after it.
  if (ctx.status === 404) {
    ctx.body = { detail: 'Not Found' };
    ctx.status = 404;
  } else if (ctx.status === 405) {
    ctx.body = { detail: 'Method Not Allowed' };
    ctx.status = 405;
  }
};
