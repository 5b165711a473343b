import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import YAML from 'yaml';
import { VERSION } from '../../src/bin/version.js';
import { jsonOf, runCli, startCliServer, tempDir, unique } from './cli-harness.js';

/** Scripts written for the original WhatsNext CLI use its short flags; none of them may be a usage error (exit 2). */

test('-V, -v and --version print the version', async (t) => {
  for (const flag of ['-V', '-v', '--version']) {
    const result = await runCli([flag]);
    t.is(result.code, 0, flag);
    t.is(result.stdout, `${VERSION}\n`, flag);
  }
});

test("the original's short flags: -s, -p, -P, -t, -d, -c, and --param without -p", async (t) => {
  const server = await startCliServer();
  const at = ['-s', '127.0.0.1', '-p', String(server.port)];
  const project = unique('short');
  const home = await tempDir('wn-short-home-');
  const run = async (...args: string[]) => {
    const result = await runCli(args, { env: { HOME: home } });
    t.not(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    t.is(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
    return result;
  };
  await run('projects', 'create', project, '-d', 'made with short flags', ...at);
  await run('tasks', 'create', 'train', '-P', project, ...at, '--command-template', 'true');
  const first = jsonOf(await run('jobs', 'add', 'train', '-P', project, ...at, '--param', 'lr=0.1', '--name', 'first', '--json'));
  const second = jsonOf(await run('jobs', 'add', 'train', '-P', project, ...at, '--param', 'lr=0.2', '-d', String(first.id), '--json'));
  t.deepEqual(Object.keys(second.depends), [String(first.id)]);
  const listed = jsonOf(await run('jobs', 'ls', '-t', 'train', '-P', project, ...at, '--json'));
  t.is(listed.length ?? listed.jobs?.length, 2);
  await run('queue', 'ls', '-t', 'train', '-P', project, ...at);
  await run('status', '-P', project, ...at);

  // -c names the configuration file, read from another directory.
  const elsewhere = await tempDir('wn-short-cwd-');
  const config = join(await tempDir('wn-short-config-'), 'team.yaml');
  await writeFile(config, `server:\n  host: 127.0.0.1\n  port: ${server.port}\nproject: ${project}\n`);
  const viaConfig = await runCli(['queue', 'stats', '-c', config, '--json'], { cwd: elsewhere, env: { HOME: home } });
  t.is(viaConfig.code, 0, viaConfig.stderr);
  await writeFile(config, `server:\n  host: 127.0.0.1\n  port: ${server.port}\n  api_kye: typo\nproject: ${project}\nprojects: typo\n`);
  const warned = await runCli(['queue', 'stats', '-c', config], { cwd: elsewhere, env: { HOME: home } });
  t.is(warned.code, 0, warned.stderr);
  t.regex(warned.stderr, /warning: .*team\.yaml: unknown key 'projects' \(ignored\)/);
  t.regex(warned.stderr, /warning: .*team\.yaml: unknown key 'server\.api_kye' \(ignored\)/);
  const missing = await runCli(['queue', 'stats', '-c', join(elsewhere, 'nope.yaml')], { cwd: elsewhere, env: { HOME: home } });
  t.is(missing.code, 1);
  t.regex(missing.stderr, /config file not found: .*nope\.yaml/);

  // -p is the port everywhere: the old `-p lr=0.1` of this CLI is now a clear usage error, not a parameter.
  const oldParam = await runCli(['jobs', 'add', 'train', '-P', project, '-s', '127.0.0.1', '-p', 'lr=0.1'], { env: { HOME: home } });
  t.is(oldParam.code, 2);
  t.regex(oldParam.stderr, /-p: expected a number/);
});

test('init takes -s, -p, -P and -k', async (t) => {
  const [cwd, home] = await Promise.all([tempDir('wn-short-init-'), tempDir('wn-short-home-')]);
  const init = await runCli(['init', '-s', 'queue.example.org', '-p', '9000', '-P', 'vision', '-k', 's3cret'], { cwd, env: { HOME: home } });
  t.is(init.code, 0, init.stderr);
  const written = YAML.parse(await readFile(join(cwd, '.whatsnext'), 'utf8'));
  t.deepEqual(written, { server: { host: 'queue.example.org', port: 9000, api_key: 's3cret' }, project: 'vision' });
});
