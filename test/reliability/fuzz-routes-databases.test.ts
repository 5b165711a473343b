import test from 'ava';
import { forEachStore, routeTable } from '../http/server-harness.js';
import { FULL, FuzzSession } from './support/fuzz-session.js';

/**
 * The sampling fuzzer of fuzz-routes.test.ts on the SQL stores, where hostile values reach
 * real column types: PGlite and PostgreSQL. Fewer cases than on memory (each one costs real
 * queries): 2 per route in `npm test`, 1,000 (PGlite) and 2,000 (PostgreSQL) in the full run.
 */

const CASES = { pglite: FULL ? 1_000 : 84, postgres: FULL ? 2_000 : 84 } as const;
const ENV = { WHATSNEXT_LEASE_SECONDS: '86400' };

forEachStore(
  (store, { start }) => {
    test.serial(`${store}: fuzzed requests to every route: no 5xx, no crash, refusals change nothing`, async (t) => {
      const server = await start(ENV);
      const routes = routeTable(server);
      const session = await FuzzSession.open(server);
      const cases = CASES[store as 'pglite' | 'postgres'];
      const started = Date.now();
      for (const route of routes) await session.fuzzRoute(route, Math.ceil(cases / routes.length));
      t.true(session.cases >= cases, `${session.cases} cases`);
      t.is((await server.http.get('/')).status, 200, 'the server still answers');
      t.log(`${session.cases} requests over ${routes.length} routes, ${session.refused} refused, ${Math.round((Date.now() - started) / 1000)} s`);
    });
  },
  ['pglite', 'postgres'],
);
