import type { Middleware } from 'koa';
import { apiKeyMatcher } from './api-key-match.js';

/**
 * With API keys configured, every route but the public ones needs `X-API-Key`: 401 without it,
 * 403 with a wrong one. Keys are compared as SHA-256 digests with timingSafeEqual, so neither
 * the content nor the length of a key leaks through timing; keys are never logged.
 */
export const apiKeyAuth = (keys: readonly string[], isPublic: (method: string, path: string) => boolean): Middleware => {
  const matches = apiKeyMatcher(keys);
  return async (ctx, next) => {
    if (keys.length === 0 || ctx.method === 'OPTIONS' || isPublic(ctx.method, ctx.path)) return next();
    const offered = ctx.get('X-API-Key');
    if (offered === '') {
      ctx.status = 401;
      ctx.set('WWW-Authenticate', 'ApiKey header="X-API-Key"');
      ctx.body = { detail: 'Missing API key: send it in the X-API-Key header.' };
      return;
    }
    if (!matches(offered)) {
      ctx.status = 403;
      ctx.body = { detail: 'Invalid API key.' };
      return;
    }
    return next();
  };
};
