import test from 'ava';
import { environmentLayer, parseServer, resolveSettings, type SettingsLayer } from '../../../src/adapters/cli/config/connection-settings.js';

const resolve = (flags: SettingsLayer = {}, env: SettingsLayer = {}, file: SettingsLayer = {}) => resolveSettings({ flags, env, file }, null);

test('defaults: 127.0.0.1:8000, no project, no key', (t) => {
  t.deepEqual(resolve(), { baseUrl: 'http://127.0.0.1:8000', project: null, apiKey: null, configFile: null });
});

test('flags > environment > file, key by key', (t) => {
  const file = { server: 'file-host', port: 1001, project: 'file-p', apiKey: 'file-k' };
  const env = { server: 'env-host', project: 'env-p' };
  const flags = { port: 3003 };
  const settings = resolve(flags, env, file);
  t.is(settings.baseUrl, 'http://env-host:3003');
  t.is(settings.project, 'env-p');
  t.is(settings.apiKey, 'file-k');
  t.is(resolve({}, {}, file).baseUrl, 'http://file-host:1001');
});

test('a server URL brings its scheme, port and path; a port given at a higher level, or the same one, wins', (t) => {
  t.is(resolve({}, { server: 'https://q.example.org:9443/wn/' }).baseUrl, 'https://q.example.org:9443/wn');
  t.is(resolve({}, { server: 'http://q:9000' }, { port: 8001 }).baseUrl, 'http://q:9000');
  t.is(resolve({ port: 7000 }, { server: 'http://q:9000' }).baseUrl, 'http://q:7000');
  t.is(resolve({}, { server: 'http://q:9000', port: 7000 }).baseUrl, 'http://q:7000');
  t.is(resolve({ server: 'http://q:9000' }, { port: 7000 }).baseUrl, 'http://q:9000');
  t.is(resolve({}, { server: 'http://q' }, { port: 8001 }).baseUrl, 'http://q:8001');
  t.is(resolve({ server: 'q:9001' }).baseUrl, 'http://q:9001');
  t.is(resolve({ server: '::1' }).baseUrl, 'http://[::1]:8000');
});

test('bad servers and ports name where they came from', (t) => {
  t.throws(() => parseServer('ftp://x', '--server'), { message: /--server: 'ftp:\/\/x' must be an http/ });
  t.throws(() => parseServer('a b', 'WHATSNEXT_SERVER'), { message: /WHATSNEXT_SERVER: 'a b' is not a host/ });
  t.throws(() => environmentLayer({ WHATSNEXT_PORT: 'eighty' }), { message: /WHATSNEXT_PORT must be a port/ });
  t.throws(() => environmentLayer({ WHATSNEXT_PORT: '70000' }), { message: /WHATSNEXT_PORT must be a port/ });
});

test('the environment layer reads the four variables and ignores empty ones', (t) => {
  t.deepEqual(environmentLayer({ WHATSNEXT_SERVER: 'h', WHATSNEXT_PORT: '81', WHATSNEXT_PROJECT: 'p', WHATSNEXT_API_KEY: 'k' }), { server: 'h', port: 81, project: 'p', apiKey: 'k' });
  t.deepEqual(environmentLayer({ WHATSNEXT_SERVER: '', WHATSNEXT_PROJECT: ' ' }), { server: undefined, port: undefined, project: undefined, apiKey: undefined });
});
