import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { configDirectories, configTargetIn, configYaml, findConfigFile, parseConfigFile, readConfigFile, writeConfigFile } from '../../../src/adapters/cli/config/config-file.js';

const tree = async () => {
  const root = await mkdtemp(join(tmpdir(), 'wn-config-'));
  const home = join(root, 'home');
  const deep = join(home, 'work', 'exp', 'run');
  await mkdir(deep, { recursive: true });
  return { root, home, deep, done: () => rm(root, { recursive: true, force: true }) };
};

test('the directories searched: cwd, its parents up to home, then home', (t) => {
  t.deepEqual(configDirectories('/h/u/a/b', '/h/u'), ['/h/u/a/b', '/h/u/a', '/h/u']);
  t.deepEqual(configDirectories('/srv/x', '/h/u'), ['/srv/x', '/srv', '/', '/h/u']);
});

test('the nearest .whatsnext wins; then a parent; then ~/.whatsnext; none is null', async (t) => {
  const { home, deep, done } = await tree();
  try {
    t.is(findConfigFile(deep, home), null);
    await writeFile(join(home, '.whatsnext'), 'project: h\n');
    t.is(findConfigFile(deep, home), join(home, '.whatsnext'));
    await writeFile(join(home, 'work', '.whatsnext'), 'project: w\n');
    t.is(findConfigFile(deep, home), join(home, 'work', '.whatsnext'));
    await writeFile(join(deep, '.whatsnext'), 'project: d\n');
    t.is(findConfigFile(deep, home), join(deep, '.whatsnext'));
  } finally {
    await done();
  }
});

test('outside home, the search goes to the root and then home', async (t) => {
  const { root, home, done } = await tree();
  try {
    const elsewhere = join(root, 'elsewhere', 'x');
    await mkdir(elsewhere, { recursive: true });
    await writeFile(join(home, '.whatsnext'), 'project: h\n');
    t.is(findConfigFile(elsewhere, home), join(home, '.whatsnext'));
  } finally {
    await done();
  }
});

test('a .whatsnext directory (the server data) is skipped unless it holds config.yaml, where init writes', async (t) => {
  const { home, deep, done } = await tree();
  try {
    await mkdir(join(deep, '.whatsnext', 'data'), { recursive: true });
    await writeFile(join(home, '.whatsnext'), 'project: h\n');
    t.is(findConfigFile(deep, home), join(home, '.whatsnext'));
    t.is(configTargetIn(deep), join(deep, '.whatsnext', 'config.yaml'));
    await writeFile(join(deep, '.whatsnext', 'config.yaml'), 'project: d\n');
    t.is(findConfigFile(deep, home), join(deep, '.whatsnext', 'config.yaml'));
    t.is(configTargetIn(join(home, 'work')), join(home, 'work', '.whatsnext'));
  } finally {
    await done();
  }
});

test('parse: server.host, server.port, project, api_key; empty file is empty', (t) => {
  t.deepEqual(parseConfigFile('server:\n  host: queue.lan\n  port: 9000\nproject: vision\napi_key: k1\n', 'f'), {
    path: 'f',
    host: 'queue.lan',
    port: 9000,
    project: 'vision',
    apiKey: 'k1',
    warnings: [],
  });
  t.deepEqual(parseConfigFile('', 'f'), { path: 'f', warnings: [] });
  t.deepEqual(parseConfigFile('project: 42\n', 'f'), { path: 'f', project: '42', warnings: [] });
});

test("parse: the original's keys — server.api_key (before a top-level api_key), client: and formatter: kept for the worker", (t) => {
  const source = 'server:\n  host: h\n  api_key: under-server\napi_key: top\nproject: p\nclient:\n  cpus: 4\n  entity: lab\nformatter:\n  type: slurm\n  slurm: {partition: gpu}\n';
  t.deepEqual(parseConfigFile(source, 'f'), {
    path: 'f',
    host: 'h',
    project: 'p',
    apiKey: 'under-server',
    client: { cpus: 4, entity: 'lab' },
    formatter: { type: 'slurm', slurm: { partition: 'gpu' } },
    warnings: [],
  });
});

test('parse: each unknown key is a warning naming it, and the rest is read', (t) => {
  const parsed = parseConfigFile('sever:\n  host: typo\nserver:\n  host: h\n  prot: 1\nproject: p\n', '/w/.whatsnext');
  t.like(parsed, { host: 'h', project: 'p' });
  t.deepEqual(parsed.warnings, ["/w/.whatsnext: unknown key 'sever' (ignored)", "/w/.whatsnext: unknown key 'server.prot' (ignored)"]);
});

test('parse errors name the file and the key', (t) => {
  t.throws(() => parseConfigFile('server: [1\n', '/x/.whatsnext'), { message: /^\/x\/\.whatsnext: not valid YAML/ });
  t.throws(() => parseConfigFile('- a\n', 'f'), { message: /f: expected a mapping/ });
  t.throws(() => parseConfigFile('server:\n  port: http\n', 'f'), { message: /f: server\.port must be an integer from 1 to 65535/ });
  t.throws(() => parseConfigFile('server: localhost\n', 'f'), { message: /server must be a mapping/ });
});

test('what init writes reads back; a file with a key is private', async (t) => {
  const { root, done } = await tree();
  try {
    const path = join(root, '.whatsnext');
    writeConfigFile(path, configYaml({ host: '10.0.0.5', port: 8001, project: 'p', apiKey: 's3cret' }), true);
    t.deepEqual(readConfigFile(path), { path, host: '10.0.0.5', port: 8001, project: 'p', apiKey: 's3cret', warnings: [] });
    t.is((await stat(path)).mode & 0o777, 0o600);
  } finally {
    await done();
  }
});
