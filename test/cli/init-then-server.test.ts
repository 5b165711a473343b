import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import test from 'ava';
import { runCli, tempDir } from './cli-harness.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** `whatsnext server --port 0` in `cwd` until it prints its address; then its /checkdb answer, and SIGTERM. */
const serveOnce = (cwd: string, home: string): Promise<{ output: string; checkdb: number | null }> =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/bin/whatsnext.ts'), 'server', '--host', '127.0.0.1', '--port', '0'], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, WHATSNEXT_LOG_LEVEL: 'warn', TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let checkdb: number | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /WhatsNext (http:\/\/\S+) on /.exec(output)?.[1];
      if (url !== undefined && checkdb === null) {
        checkdb = 0;
        fetch(`${url}/checkdb`).then(
          (response) => ((checkdb = response.status), child.kill('SIGTERM')),
          () => child.kill('SIGTERM'),
        );
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', fail);
    child.on('close', () => (clearTimeout(timer), done({ output, checkdb })));
  });

test('init, then server in the same directory: the data goes beside the .whatsnext file', async (t) => {
  const [cwd, home] = await Promise.all([tempDir('wn-init-server-'), tempDir('wn-init-home-')]);
  const init = await runCli(['init', '--project', 'demo'], { cwd, env: { HOME: home } });
  t.is(init.code, 0, init.stderr);
  t.true(statSync(join(cwd, '.whatsnext')).isFile());
  const served = await serveOnce(cwd, home);
  t.is(served.checkdb, 200, served.output);
  t.regex(served.output, new RegExp(`on PGlite in ${join(cwd, '.whatsnext-data').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  t.false(/ENOTDIR/.test(served.output));
  t.true(statSync(join(cwd, '.whatsnext')).isFile(), 'the configuration file is left as it was');
});

test('init, then db upgrade and db status in the same directory', async (t) => {
  const [cwd, home] = await Promise.all([tempDir('wn-init-db-'), tempDir('wn-init-home-')]);
  t.is((await runCli(['init', '--project', 'demo'], { cwd, env: { HOME: home } })).code, 0);
  const upgrade = await runCli(['db', 'upgrade'], { cwd, env: { HOME: home } });
  t.is(upgrade.code, 0, upgrade.stderr);
  t.regex(upgrade.stdout, /\.whatsnext-data/);
  const status = await runCli(['db', 'status'], { cwd, env: { HOME: home } });
  t.regex(status.stdout, /up to date/);
  t.true(existsSync(join(cwd, '.whatsnext-data')));
});

test('without a .whatsnext file the data stays in ./.whatsnext/data', async (t) => {
  const [cwd, home] = await Promise.all([tempDir('wn-no-init-'), tempDir('wn-init-home-')]);
  const upgrade = await runCli(['db', 'upgrade'], { cwd, env: { HOME: home } });
  t.is(upgrade.code, 0, upgrade.stderr);
  t.true(statSync(join(cwd, '.whatsnext', 'data')).isDirectory());
  t.false(existsSync(join(cwd, '.whatsnext-data')));
});
