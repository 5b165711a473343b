import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import pg from 'pg';
import { apiKeyMatcher } from '../../src/adapters/http/middleware/api-key-match.js';
import { call, concretePath, createPostgresDatabase, routeTable, spellings, startTestServer, TEST_SERVER_ENV } from '../http/server-harness.js';

/**
 * API keys (API.md A.14) beyond test/http/security.test.ts: the comparison is constant-time by
 * construction, every path (unknown routes, wrong methods) needs the key, and no key ever
 * reaches the logs, error logs included.
 */

const source = (relative: string) => readFile(fileURLToPath(new URL(`../../src/adapters/http/middleware/${relative}`, import.meta.url)), 'utf8');

test('the key matcher accepts exactly the configured keys, whatever the offered length or content', (t) => {
  const matches = apiKeyMatcher(['k1', 'a much longer key with spaces and ünïcode 🙂', '']);
  t.true(matches('k1'));
  t.true(matches('a much longer key with spaces and ünïcode 🙂'));
  for (const wrong of ['k', 'k1 ', 'K1', 'k1k1', 'k2', 'a much longer key', 'x'.repeat(10_000), '\u0000', 'k1\u0000']) t.false(matches(wrong), JSON.stringify(wrong));
  t.false(apiKeyMatcher([])('k1'), 'no keys: nothing matches');
});

test('the key comparison is constant-time by construction: SHA-256 digests through timingSafeEqual, every key, no length or string comparison', async (t) => {
  const matcher = await source('api-key-match.ts');
  const code = matcher.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  t.regex(code, /import \{[^}]*\btimingSafeEqual\b[^}]*\} from 'node:crypto'/);
  t.regex(code, /createHash\('sha256'\)\.update\(key, 'utf8'\)\.digest\(\)/, 'both sides are 32-byte digests');
  t.regex(code, /const candidate = digest\(offered\)/, 'the offered key is digested before any comparison');
  t.regex(code, /for \(const known of digests\) matched = timingSafeEqual\(candidate, known\) \|\| matched;/, 'every key is compared, timingSafeEqual first so || never skips it');
  for (const shortCut of ['===', '!==', '==', '.length', 'return true', 'break', '.some(', '.includes(', '.find(', 'localeCompare']) {
    t.false(code.includes(shortCut), `no ${shortCut} in the matcher`);
  }
  const middleware = (await source('api-key-auth.ts')).replace(/\/\*[\s\S]*?\*\//g, '');
  t.regex(middleware, /apiKeyMatcher\(keys\)/, 'the middleware compares through the matcher');
  t.deepEqual(middleware.match(/===\s*[^\s)]+/g), ['=== 0', "=== 'OPTIONS'", "=== ''"], 'and compares no key itself (only: no keys configured, preflight, key missing)');
});

test('unknown routes and wrong methods need the key too: 401 without, 403 wrong, then 404/405', async (t) => {
  const server = await startTestServer('memory', { WHATSNEXT_API_KEYS: 'right-key' });
  const routes = routeTable(server, { apiKeys: ['right-key'], rateLimitPerMinute: null, corsOrigins: [], bodyLimit: '5mb', trustedProxies: 0 });
  const used = new Map<string, Set<string>>();
  for (const route of routes) for (const spelling of spellings(route)) {
    const path = concretePath(spelling, 1, 'x');
    used.set(path, (used.get(path) ?? new Set()).add(route.method.toUpperCase()));
  }
  let checked = 0;
  for (const [path, methods] of used) {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].filter((m) => !methods.has(m))) {
      if (methods.has('GET') && ['/', '/checkdb', '/docs', '/docs/x', '/openapi.json', '/ui', '/ui/', '/ui/x'].includes(path)) continue;
      const without = await server.http.call(method, path);
      t.is(without.status, 401, `${method} ${path} without a key: ${without.text}`);
      const wrong = await server.http.call(method, path, { headers: { 'X-API-Key': 'wrong-key' } });
      t.is(wrong.status, 403, `${method} ${path} with a wrong key`);
      const right = await server.http.call(method, path, { headers: { 'X-API-Key': 'right-key' } });
      // With the key the router answers: 405, or 404/422 where the path also spells another route's template.
      t.true([404, 405, 422].includes(right.status), `${method} ${path} with the key: ${right.status} ${right.text}`);
      checked += 1;
    }
  }
  t.true(checked >= 100, `${checked} wrong-method requests`);
  for (const path of ['/nope', '/projects/1/nope', '/jobs/1/2/3', '/..%2f..%2fetc/passwd', '/%FF', '/admin', '/projects//', '//']) {
    t.is((await server.http.get(path)).status, 401, `GET ${path} without a key`);
    t.is((await server.http.get(path, { headers: { 'X-API-Key': 'wrong-key' } })).status, 403, `GET ${path} with a wrong key`);
    t.is((await server.http.get(path, { headers: { 'X-API-Key': 'right-key' } })).status, 404, `GET ${path} with the key`);
  }
  t.is((await server.http.get('/projects', { headers: { Authorization: 'Bearer right-key' } })).status, 401, 'the key is only read from X-API-Key');
  await server.close();
});

// ---------------------------------------------------------------------------------------------
// Logs

interface ServerProcess {
  readonly url: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

const WHATSNEXT = fileURLToPath(new URL('../../src/bin/whatsnext.ts', import.meta.url));

/** `whatsnext server` as a real process at trace level, everything it writes captured. */
const startServerProcess = (database: string, env: Record<string, string>): Promise<ServerProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WHATSNEXT, 'server', '--host', '127.0.0.1', '--port', '0', '--database', database], {
      env: { ...process.env, WHATSNEXT_LOG_LEVEL: 'trace', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const started = /WhatsNext (http:\/\/127\.0\.0\.1:\d+) on /.exec(output);
      if (started) resolve({ url: started[1]!, output: () => output, stop: async () => { child.kill('SIGTERM'); await exited; } });
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening: ${output}`)));
  });

test('no API key ever appears in the logs, at trace level, in request and error logs, right or wrong', async (t) => {
  const right = `right-${randomBytes(12).toString('hex')}`;
  const other = `other-${randomBytes(12).toString('hex')}`;
  const wrong = `wrong-${randomBytes(12).toString('hex')}`;
  const serverUrl = process.env[TEST_SERVER_ENV];
  const database = serverUrl ? await createPostgresDatabase(serverUrl) : null;
  const server = await startServerProcess(database?.url ?? 'memory', { WHATSNEXT_API_KEYS: `${right},${other}` });
  try {
    const headerForms: Record<string, string>[] = [
      { 'X-API-Key': right }, { 'x-api-key': other }, { 'X-API-KEY': wrong }, { Authorization: `Bearer ${right}` }, { 'X-Api-Key': `${wrong}, ${right}` },
    ];
    const statuses = new Set<number>();
    const requests = async () => {
      for (const headers of headerForms) {
        for (const [method, path, body] of [['GET', '/projects'], ['POST', '/projects', '{"name":'], ['POST', '/projects', `{"name":"${randomBytes(4).toString('hex')}"}`], ['GET', '/nope'], ['PUT', '/jobs/1', '{}'], ['GET', '/projects/99999']] as const) {
          statuses.add((await call(server.url, method, path, { headers, ...(body !== undefined ? { body } : {}) })).status);
        }
      }
    };
    await requests();
    t.true([200, 201, 400, 401, 403, 404].every((status) => statuses.has(status)), `answers seen: ${[...statuses].sort()}`);
    if (database) {
      // Take the server's tables away: the next requests fail with 500s, logged as errors with their cause.
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query('DROP TABLE projects CASCADE');
      await admin.end();
      await requests();
    }
    await server.stop();
    const logs = server.output();
    const lines = logs.split('\n').filter((line) => line.startsWith('{'));
    t.true(lines.length >= headerForms.length * 6, `${lines.length} log lines`);
    t.true(lines.some((line) => JSON.parse(line).level === 10 || JSON.parse(line).level === 20 || JSON.parse(line).level === 30), 'requests are logged');
    if (database) t.true(lines.some((line) => JSON.parse(line).level >= 50), `the failing requests were logged as errors:\n${logs.slice(-2000)}`);
    for (const key of [right, other, wrong]) {
      t.false(logs.includes(key), `the key ${key} appears in the logs`);
      t.false(logs.includes(key.slice(6)), 'not even its random part');
    }
  } finally {
    await server.stop();
    await database?.drop();
  }
});

