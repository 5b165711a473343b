import test from 'ava';
import { jsonOf, newProject, runCli, runCliOnTty, startCliServer, type CliServer } from './cli-harness.js';

let server: CliServer;
let guarded: CliServer;
test.before(async () => {
  [server, guarded] = await Promise.all([startCliServer(), startCliServer({ env: { WHATSNEXT_API_KEYS: 'k1,k2' } })]);
});

const ANSI = /\u001b\[/;

test('exit codes: 0 ok, 1 failure with one line, 2 usage', async (t) => {
  const ok = await runCli(['projects', 'ls', ...server.flags]);
  t.is(ok.code, 0);
  const failure = await runCli(['jobs', 'show', '424242', ...server.flags]);
  t.is(failure.code, 1);
  t.is(failure.stderr.split('\n').length, 2, 'one line');
  t.notRegex(failure.stderr, /\bat .*\.ts:\d+/);
  const usage = await runCli(['jobs', 'show', 'x', ...server.flags]);
  t.is(usage.code, 2);
  const unknown = await runCli(['no-such-command']);
  t.is(unknown.code, 2);
  const unreachable = await runCli(['projects', 'ls', '--server', 'http://127.0.0.1:9']);
  t.is(unreachable.code, 1);
  t.regex(unreachable.stderr, /^whatsnext: cannot reach the WhatsNext server at http:\/\/127\.0\.0\.1:9 \(.*\)\n$/);
});

test('every command has usage with a description, details or examples, and --help exits 0', async (t) => {
  const help = await runCli(['--help']);
  t.is(help.code, 0);
  for (const command of ['init', 'status', 'test-auth', 'projects ls', 'tasks update', 'jobs add', 'jobs add-batch', 'jobs sweep', 'queue ls', 'clients ls', 'db upgrade']) {
    t.true(help.stdout.includes(`whatsnext ${command}`), command);
  }
  const sweep = await runCli(['jobs', 'sweep', '--help']);
  t.is(sweep.code, 0);
  t.regex(sweep.stdout, /Examples/);
  t.regex(sweep.stdout, /\$ whatsnext jobs sweep train --grid lr=0\.1,0\.01 --grid seed=1\.\.5/);
});

test('no colours when the output is not a terminal, whatever NO_COLOR says', async (t) => {
  const { wn, project } = await newProject(server);
  await wn('jobs', 'add', 'train');
  for (const env of [{}, { NO_COLOR: '1' }, { FORCE_COLOR: '3' }] as Record<string, string>[]) {
    const result = await runCli(['jobs', 'ls', ...server.flags, '--project', project], { env });
    t.is(result.code, 0, result.stderr);
    t.notRegex(result.stdout, ANSI);
  }
  t.notRegex((await runCli(['--help'])).stdout, ANSI);
});

test('colours on a terminal, none there with NO_COLOR', async (t) => {
  const { project } = await newProject(server);
  const args = ['projects', 'show', ...server.flags, '--project', project];
  const coloured = await runCliOnTty(args);
  if (coloured === null) return t.pass('util-linux script is not installed');
  t.is(coloured.code, 0, coloured.stdout);
  t.regex(coloured.stdout, ANSI);
  t.regex(coloured.stdout, /\u001b\[32mACTIVE/);
  const plain = await runCliOnTty(args, { env: { NO_COLOR: '1' } });
  t.is(plain!.code, 0);
  t.notRegex(plain!.stdout, ANSI);
  t.regex(plain!.stdout, /Status\s+ACTIVE/);
});

test('test-auth: open server ok; with keys required, no key and a wrong key fail (exit 1), a right key passes', async (t) => {
  const open = await runCli(['test-auth', ...server.flags]);
  t.is(open.code, 0, open.stderr);
  t.regex(open.stdout, /^REQUEST\s+KEY\s+STATUS\s+RESULT\nGET \/\s+-\s+200\s+ok\n/);
  const none = await runCli(['test-auth', ...guarded.flags]);
  t.is(none.code, 1);
  t.regex(none.stderr, /^whatsnext: GET \/projects\/ failed: .*\(HTTP 401\)\n$/);
  const wrong = await runCli(['test-auth', '-k', 'nope', ...guarded.flags]);
  t.is(wrong.code, 1);
  t.regex(wrong.stderr, /\(HTTP 403\)\n$/);
  const right = jsonOf(await runCli(['test-auth', '-k', 'k2', '--json', ...guarded.flags]));
  t.like(right, { ok: true, api_key_sent: true });
  t.deepEqual(right.checks.map((c: { path: string; status: number }) => [c.path, c.status]), [
    ['/', 200],
    ['/checkdb', 200],
    ['/projects/', 200],
    ['/clients/', 200],
  ]);
});

test('the API key from --api-key or WHATSNEXT_API_KEY reaches every networked command', async (t) => {
  const denied = await runCli(['projects', 'ls', ...guarded.flags]);
  t.is(denied.code, 1);
  t.regex(denied.stderr, /\(HTTP 401\)\n$/);
  t.is((await runCli(['projects', 'ls', '--api-key', 'k1', ...guarded.flags])).code, 0);
  t.is((await runCli(['projects', 'ls', ...guarded.flags], { env: { WHATSNEXT_API_KEY: 'k2' } })).code, 0);
  t.is((await runCli(['projects', 'ls', '--api-key', 'bad', ...guarded.flags], { env: { WHATSNEXT_API_KEY: 'k2' } })).code, 1, 'the flag wins');
});
