import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { jsonOf, runCli, startCliServer, tempDir, unique, type CliServer } from './cli-harness.js';

let server: CliServer;
let other: CliServer;
test.before(async () => {
  [server, other] = await Promise.all([startCliServer(), startCliServer()]);
});

/** A project on `on`, and a directory tree: home/work (cwd), with HOME set to home. */
const setup = async (on: CliServer) => {
  const project = unique('cfg');
  const made = await runCli(['projects', 'create', project, ...on.flags]);
  if (made.code !== 0) throw new Error(made.stderr);
  const home = await tempDir('wn-cli-home-');
  const cwd = join(home, 'work', 'exp');
  await mkdir(cwd, { recursive: true });
  return { project, home, cwd };
};

const whereItWent = async (args: string[], cwd: string, env: Record<string, string>) => {
  const result = await runCli(['status', '--json', ...args], { cwd, env });
  return jsonOf(result) as { server: string; project: { name: string } | null; config_file: string | null };
};

test('init writes .whatsnext; other commands find it from a subdirectory', async (t) => {
  const { project, home, cwd } = await setup(server);
  const init = await runCli(['init', '--project', project, '--server', '127.0.0.1', '--port', String(server.port)], { cwd: join(home, 'work'), env: { HOME: home } });
  t.is(init.code, 0, init.stderr);
  t.is(init.stdout, `Wrote ${join(home, 'work', '.whatsnext')}\n`);
  t.is(await readFile(join(home, 'work', '.whatsnext'), 'utf8'), `server:\n  host: 127.0.0.1\n  port: ${server.port}\nproject: ${project}\n`);
  const status = await whereItWent([], cwd, { HOME: home });
  t.is(status.server, server.url);
  t.is(status.project?.name, project);
  t.is(status.config_file, join(home, 'work', '.whatsnext'));
  const again = await runCli(['init', '--project', 'x'], { cwd: join(home, 'work'), env: { HOME: home } });
  t.is(again.code, 1);
  t.regex(again.stderr, /already exists: add --force/);
  t.is((await runCli(['init', '--project', 'x', '--force'], { cwd: join(home, 'work'), env: { HOME: home } })).code, 0);
});

test('~/.whatsnext is the last resort; a nearer file wins over it', async (t) => {
  const { project, home, cwd } = await setup(server);
  await writeFile(join(home, '.whatsnext'), `server:\n  host: 127.0.0.1\n  port: ${server.port}\nproject: ${project}\n`);
  t.is((await whereItWent([], cwd, { HOME: home })).config_file, join(home, '.whatsnext'));
  await writeFile(join(cwd, '.whatsnext'), `server:\n  port: ${other.port}\nproject: ${project}\n`);
  const near = await runCli(['status', '--json'], { cwd, env: { HOME: home } });
  t.is(jsonOf(near).server, other.url);
  t.is(jsonOf(near).project, null, 'the project does not exist on the other server');
});

test('precedence: flags > environment > file > defaults', async (t) => {
  const { project, home, cwd } = await setup(server);
  const second = await setup(other);
  await writeFile(join(cwd, '.whatsnext'), `server:\n  host: 127.0.0.1\n  port: ${server.port}\nproject: ${project}\n`);
  // The file alone.
  t.is((await whereItWent([], cwd, { HOME: home })).server, server.url);
  // The environment over the file: port and project.
  const env = { HOME: home, WHATSNEXT_PORT: String(other.port), WHATSNEXT_PROJECT: second.project };
  const byEnv = await whereItWent([], cwd, env);
  t.is(byEnv.server, other.url);
  t.is(byEnv.project?.name, second.project);
  // Flags over the environment.
  const byFlags = await whereItWent(['--port', String(server.port), '--project', project], cwd, env);
  t.is(byFlags.server, server.url);
  t.is(byFlags.project?.name, project);
  // WHATSNEXT_SERVER as a full URL, with its own port.
  const byUrl = await whereItWent([], cwd, { HOME: home, WHATSNEXT_SERVER: other.url });
  t.is(byUrl.server, other.url);
  // The default host, one line on failure.
  const bare = await runCli(['projects', 'ls', '--port', '1'], { cwd: home, env: { HOME: home } });
  t.is(bare.code, 1);
  t.regex(bare.stderr, /^whatsnext: cannot reach the WhatsNext server at http:\/\/127\.0\.0\.1:1 \(.+\)\n$/);
});

test('a broken configuration file or variable is exit 1 naming it', async (t) => {
  const { home, cwd } = await setup(server);
  await writeFile(join(cwd, '.whatsnext'), 'server:\n  port: lots\n');
  const broken = await runCli(['projects', 'ls'], { cwd, env: { HOME: home } });
  t.is(broken.code, 1);
  t.is(broken.stderr, `whatsnext: ${join(cwd, '.whatsnext')}: server.port must be an integer from 1 to 65535, got "lots"\n`);
  const badEnv = await runCli(['projects', 'ls'], { cwd: home, env: { HOME: home, WHATSNEXT_PORT: 'x' } });
  t.is(badEnv.code, 1);
  t.regex(badEnv.stderr, /^whatsnext: WHATSNEXT_PORT must be a port from 1 to 65535/);
});

test('a project-scoped command without a project is a usage error (exit 2)', async (t) => {
  const { home } = await setup(server);
  const result = await runCli(['jobs', 'ls', ...server.flags], { cwd: home, env: { HOME: home } });
  t.is(result.code, 2);
  t.regex(result.stderr, /^whatsnext: no project: pass --project NAME, set WHATSNEXT_PROJECT/);
});

test('init next to the server data directory writes .whatsnext/config.yaml', async (t) => {
  const { project, home, cwd } = await setup(server);
  await mkdir(join(cwd, '.whatsnext', 'data'), { recursive: true });
  const init = await runCli(['init', '--project', project, '--port', String(server.port)], { cwd, env: { HOME: home } });
  t.is(init.code, 0, init.stderr);
  t.is((await whereItWent([], cwd, { HOME: home })).config_file, join(cwd, '.whatsnext', 'config.yaml'));
});

test('init without --project is a usage error', async (t) => {
  const result = await runCli(['init']);
  t.is(result.code, 2);
});
