import test from 'ava';
import { routeTable, startTestServer } from '../http/server-harness.js';
import { FULL, FuzzSession } from './support/fuzz-session.js';

/**
 * Every route of the route table, fuzzed with fast-check over real HTTP on the memory store:
 * hostile path parameters, query strings and bodies never get a 5xx, never crash the server,
 * and a refused request leaves the store as it was. The full run (`npm run chaos`) sends
 * 10,000 requests here; `npm test` sends a tenth of that.
 */

const CASES = FULL ? 10_000 : 1_000;
/** Settings the fuzzing needs: leases that never expire on their own mid-run, so the store only changes through requests. */
const ENV = { WHATSNEXT_LEASE_SECONDS: '86400' };

test('memory: fuzzed requests to every route: no 5xx, no crash, refusals change nothing', async (t) => {
  const server = await startTestServer('memory', ENV);
  const routes = routeTable(server);
  t.true(routes.length >= 40, `${routes.length} routes`);
  const session = await FuzzSession.open(server);
  const perRoute = Math.ceil(CASES / routes.length);
  const started = Date.now();
  for (const route of routes) {
    await session.fuzzRoute(route, perRoute);
  }
  t.true(session.cases >= CASES, `${session.cases} cases`);
  t.true(session.refused > session.cases / 4, `${session.refused} of ${session.cases} refused: the generators reach the checks`);
  t.true(session.refused < session.cases, 'some requests are accepted: the generators reach the handlers');
  t.is((await server.http.get('/')).status, 200, 'the server still answers');
  t.log(`${session.cases} requests over ${routes.length} routes, ${session.refused} refused, ${Math.round((Date.now() - started) / 1000)} s`);
  await server.close();
});
