import test from 'ava';
import { concretePath, createLab, routeKey, routeTable, spellings, startTestServer, unique } from './server-harness.js';

/**
 * API keys, rate limit and CORS (API.md A.14), all off by default. These live in the HTTP layer,
 * in front of any store, so they run on the memory store.
 */

const PUBLIC = ['get /', 'get /checkdb', 'get /docs', 'get /docs/{asset}', 'get /openapi.json', 'get /ui', 'get /ui/{asset}'];

test('WHATSNEXT_API_KEYS: every route but health, docs and the dashboard is 401 without a key, 403 with a wrong one, served with a right one', async (t) => {
  const server = await startTestServer('memory', { WHATSNEXT_API_KEYS: 'k1,k2' });
  const routes = routeTable(server, { apiKeys: ['k1', 'k2'], rateLimitPerMinute: null, corsOrigins: [], bodyLimit: '5mb', trustedProxies: 0 });
  t.true(routes.length >= 40, `${routes.length} routes`);
  t.deepEqual(routes.filter((r) => r.public).map(routeKey).sort(), [...PUBLIC].sort());
  const lab = await createLab(server.http, {}).catch(() => null);
  t.is(lab, null, 'the fixtures themselves are refused without a key');

  let checked = 0;
  for (const route of routes) {
    for (const template of spellings(route)) {
      const path = concretePath(template, 1, 'x');
      const method = route.method.toUpperCase();
      const body = route.body ? {} : undefined;
      const what = `${method} ${path}`;
      const without = await server.http.call(method, path, { body });
      const wrong = await server.http.call(method, path, { body, headers: { 'X-API-Key': 'k3' } });
      const right = await server.http.call(method, path, { body, headers: { 'X-API-Key': 'k2' } });
      if (PUBLIC.includes(routeKey(route))) {
        // Public, not necessarily found: the dashboard's /ui/x is a 404 (no such file), /ui a 404 before a build.
        t.false([401, 403].includes(without.status), `${what} needs no key: ${without.status}`);
        t.false([401, 403].includes(wrong.status), `${what} ignores a wrong key: ${wrong.status}`);
      } else {
        t.is(without.status, 401, `${what} without a key: ${without.text}`);
        t.is(typeof without.body?.detail, 'string', what);
        t.is(wrong.status, 403, `${what} with a wrong key: ${wrong.text}`);
        t.is(typeof wrong.body?.detail, 'string', what);
        t.false([401, 403].includes(right.status), `${what} with k2: ${right.status} ${right.text}`);
        checked += 1;
      }
    }
  }
  t.true(checked >= 40, `${checked} protected route spellings`);

  // Both keys work for real work; a key that merely starts like a good one does not.
  const k1 = { headers: { 'X-API-Key': 'k1' } };
  const created = await server.http.post('/projects', { name: unique('secure') }, k1);
  t.is(created.status, 201);
  t.is((await server.http.get(`/projects/${created.body.id}`, { headers: { 'X-API-Key': 'k2' } })).status, 200);
  t.is((await server.http.get(`/projects/${created.body.id}`, { headers: { 'X-API-Key': 'k1k2' } })).status, 403);
  t.is((await server.http.get(`/projects/${created.body.id}`, { headers: { 'X-API-Key': 'k' } })).status, 403);
  // Unknown routes do not tell strangers what exists.
  t.is((await server.http.get('/nope')).status, 401);
  // The OpenAPI document says which routes need the key.
  const document = (await server.http.get('/openapi.json')).body;
  t.deepEqual(document.paths['/jobs/{job_id}'].get.security, [{ apiKey: [] }]);
  t.is(document.paths['/checkdb'].get.security, undefined);
  await server.close();
});

test('without WHATSNEXT_API_KEYS no key is needed (the Python client sends none)', async (t) => {
  const server = await startTestServer('memory');
  t.is((await server.http.post('/projects', { name: unique('open') })).status, 201);
  t.is((await server.http.get('/clients')).status, 200);
  t.is((await server.http.get('/projects', { headers: { 'X-API-Key': 'anything' } })).status, 200);
  await server.close();
});

test('WHATSNEXT_RATE_LIMIT=5: the 6th request in a minute is 429 with Retry-After', async (t) => {
  const server = await startTestServer('memory', { WHATSNEXT_RATE_LIMIT: '5' });
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await server.http.get(i % 2 === 0 ? '/' : '/projects')).status);
  t.deepEqual(statuses, [200, 200, 200, 200, 200]);
  const limited = await server.http.get('/projects');
  t.is(limited.status, 429, limited.text);
  const retryAfter = Number(limited.headers.get('retry-after'));
  t.true(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${limited.headers.get('retry-after')}`);
  t.is(typeof limited.body?.detail, 'string');
  t.is((await server.http.get('/')).status, 429, 'health counts too');
  await server.close();
});

const forwardedFor = (chain: string) => ({ headers: { 'X-Forwarded-For': chain } });

test('WHATSNEXT_TRUST_PROXY=1: the rate limit counts each client behind the proxy apart', async (t) => {
  const server = await startTestServer('memory', { WHATSNEXT_RATE_LIMIT: '2', WHATSNEXT_TRUST_PROXY: '1' });
  // The proxy appends the address it saw; what the client wrote before it is not trusted.
  t.is((await server.http.get('/', forwardedFor('10.0.0.1'))).status, 200);
  t.is((await server.http.get('/', forwardedFor('6.6.6.6, 10.0.0.1'))).status, 200);
  t.is((await server.http.get('/', forwardedFor('7.7.7.7, 10.0.0.1'))).status, 429, 'a spoofed first entry does not reset the count');
  t.is((await server.http.get('/', forwardedFor('10.0.0.2'))).status, 200, 'another client has its own count');
  await server.close();
});

test('without WHATSNEXT_TRUST_PROXY, X-Forwarded-For is ignored', async (t) => {
  const server = await startTestServer('memory', { WHATSNEXT_RATE_LIMIT: '2' });
  t.is((await server.http.get('/', forwardedFor('10.0.0.1'))).status, 200);
  t.is((await server.http.get('/', forwardedFor('10.0.0.2'))).status, 200);
  t.is((await server.http.get('/', forwardedFor('10.0.0.3'))).status, 429, 'every request is the proxy\'s own address');
  await server.close();
});

test('no rate limit by default', async (t) => {
  const server = await startTestServer('memory');
  const statuses = new Set<number>();
  for (let i = 0; i < 80; i++) statuses.add((await server.http.get('/')).status);
  t.deepEqual([...statuses], [200]);
  await server.close();
});

test('WHATSNEXT_CORS_ORIGINS=*: Access-Control-Allow-Origin on answers and preflights', async (t) => {
  const server = await startTestServer('memory', { WHATSNEXT_CORS_ORIGINS: '*' });
  const origin = { headers: { Origin: 'https://dashboard.example' } };
  const health = await server.http.get('/', origin);
  t.is(health.headers.get('access-control-allow-origin'), '*');
  const created = await server.http.post('/projects', { name: unique('cors') }, origin);
  t.is(created.status, 201);
  t.is(created.headers.get('access-control-allow-origin'), '*');
  const missing = await server.http.get('/projects/987654321', origin);
  t.is(missing.status, 404);
  t.is(missing.headers.get('access-control-allow-origin'), '*', 'errors carry it too');

  const preflight = await server.http.call('OPTIONS', '/jobs/1', {
    headers: { Origin: 'https://dashboard.example', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type,x-api-key' },
  });
  t.true(preflight.status === 204 || preflight.status === 200, `preflight: ${preflight.status}`);
  t.is(preflight.headers.get('access-control-allow-origin'), '*');
  t.regex(preflight.headers.get('access-control-allow-methods') ?? '', /PUT/);
  t.regex((preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase(), /x-api-key/);
  t.is(preflight.headers.get('access-control-allow-credentials'), null, 'no credentials with *');
  await server.close();
});

test('CORS with API keys: preflights need no key, refusals still carry the CORS header', async (t) => {
  const server = await startTestServer('memory', { WHATSNEXT_CORS_ORIGINS: 'https://ok.example', WHATSNEXT_API_KEYS: 'k1' });
  const preflight = await server.http.call('OPTIONS', '/projects', {
    headers: { Origin: 'https://ok.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-api-key' },
  });
  t.true(preflight.status === 204 || preflight.status === 200, `preflight: ${preflight.status} ${preflight.text}`);
  t.is(preflight.headers.get('access-control-allow-origin'), 'https://ok.example');
  const refused = await server.http.get('/projects', { headers: { Origin: 'https://ok.example' } });
  t.is(refused.status, 401);
  t.is(refused.headers.get('access-control-allow-origin'), 'https://ok.example');
  const stranger = await server.http.get('/', { headers: { Origin: 'https://evil.example' } });
  t.is(stranger.status, 200);
  t.falsy(stranger.headers.get('access-control-allow-origin'), 'an origin not listed gets no allow header');
  await server.close();
});

test('CORS is off by default', async (t) => {
  const server = await startTestServer('memory');
  const answer = await server.http.get('/', { headers: { Origin: 'https://dashboard.example' } });
  t.is(answer.status, 200);
  t.is(answer.headers.get('access-control-allow-origin'), null);
  await server.close();
});
