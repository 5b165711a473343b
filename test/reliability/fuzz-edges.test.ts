import test from 'ava';
import { forEachStore, routeKey, routeTable } from '../http/server-harness.js';
import { edgeCases } from './support/fuzz-edges.js';
import { FULL, FuzzSession } from './support/fuzz-session.js';

/**
 * The enumerated edge cases (support/fuzz-edges.ts) on every route and every store: no 5xx, no
 * crash, refusals change nothing, and the fixed answers: 413 past the body limit, 400 for
 * bodies nested deeper than the server reads. The reduced run (`npm test`) takes every tenth
 * case of each route on memory, every thirtieth on the databases; the full run takes them all.
 */

const ENV = { WHATSNEXT_LEASE_SECONDS: '86400' };

forEachStore((store, { start }) => {
  test.serial(`${store}: enumerated edge cases on every route`, async (t) => {
    const server = await start(ENV);
    const routes = routeTable(server);
    const session = await FuzzSession.open(server);
    const stride = FULL ? 1 : store === 'memory' ? 10 : 30;
    const started = Date.now();
    let fixed = 0;
    let fixedSeen = 0;
    // On memory (and in the full run) every case with a fixed answer runs; on the databases every twelfth.
    const keep = (edge: { expected?: number }, i: number): boolean =>
      edge.expected !== undefined ? stride === 1 || store === 'memory' || fixedSeen++ % 12 === 0 : i % stride === 0;
    for (const route of routes) {
      const cases = edgeCases(route, session.currentLab).filter(keep);
      for (const edge of cases) {
        const answer = await session.check(edge.request).catch((error: unknown) => {
          throw new Error(`${routeKey(route)} ${edge.label}: ${error instanceof Error ? error.message : String(error)}`);
        });
        if (edge.expected !== undefined) {
          fixed += 1;
          t.is(answer.status, edge.expected, `${routeKey(route)} ${edge.label}: ${answer.text.slice(0, 300)}`);
        }
      }
    }
    t.true(fixed >= (stride === 1 || store === 'memory' ? 100 : 5), `${fixed} cases with a fixed status`);
    t.is((await server.http.get('/')).status, 200, 'the server still answers');
    t.log(`${session.cases} requests over ${routes.length} routes, ${session.refused} refused, ${Math.round((Date.now() - started) / 1000)} s`);
  });
});
