import type { StoreName } from '../../http/server-harness.js';
import type { RawRequest } from './fuzz-raw-http.js';

/**
 * Server errors whose cause is known and lies outside the HTTP layer; the fuzzers count them
 * instead of failing, and report how often they were hit. Each has a test of its own that
 * fails while the bug lasts (test.failing).
 *
 * PGlite and ';': @harryplusplus/knex-pglite runs a raw query whose SQL text contains ';' through
 * `exec` (multi-statement, no bindings, no result rows); MikroORM has inlined the values into
 * that text, so a value containing ';' breaks lookups by name (500) and inserts answer
 * `"id": null`. See injection.test.ts.
 */
export const knownServerError = (store: StoreName, request: RawRequest): string | null => {
  const target = request.target.toString('latin1');
  const semicolon = target.includes(';') || /%3b/i.test(target) || (request.body?.includes(0x3b) ?? false);
  return store === 'pglite' && semicolon ? "PGlite: a value containing ';'" : null;
};
