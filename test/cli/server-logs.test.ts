import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import test from 'ava';
import { tempDir } from './cli-harness.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** `whatsnext server` on PGlite in `cwd` until it logs its address; one request through a "proxy"; then SIGTERM. */
const serveAndStop = (cwd: string, env: Record<string, string>): Promise<{ stdout: string; stderr: string; code: number | null }> =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/bin/whatsnext.ts'), 'server', '--host', '127.0.0.1', '--port', '0'], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: cwd, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let asked = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /WhatsNext (http:\/\/[^\s"]+) on /.exec(stdout)?.[1];
      if (url === undefined || asked) return;
      asked = true;
      fetch(`${url}/projects/`, { headers: { 'X-Forwarded-For': '203.0.113.7' } }).finally(() => child.kill('SIGTERM'));
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => (clearTimeout(timer), done({ stdout, stderr, code })));
  });

test('the server writes JSON log lines only: its address, requests with the client address behind a proxy, its shutdown', async (t) => {
  const cwd = await tempDir('wn-server-logs-');
  const { stdout, stderr, code } = await serveAndStop(cwd, { WHATSNEXT_LOG_LEVEL: 'info', WHATSNEXT_TRUST_PROXY: '1' });
  t.is(code, 0, stderr);
  const lines = stdout.split('\n').filter((line) => line !== '');
  const entries = lines.map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      t.fail(`not a JSON line: ${line}`);
      return {};
    }
  });
  const started = entries.find((entry) => typeof entry['url'] === 'string');
  t.regex(String(started?.['database']), /^PGlite in /);
  const request = entries.find((entry) => entry['msg'] === 'request' && entry['url'] === '/projects/');
  t.is(request?.['ip'], '203.0.113.7', 'the address the trusted proxy saw');
  t.is(request?.['status'], 200);
  t.truthy(entries.find((entry) => entry['reason'] === 'SIGTERM'), stdout);
  t.is(entries.at(-1)?.['msg'], 'stopped');
});

test('the start and stop lines are logged at WHATSNEXT_LOG_LEVEL=warn too, requests are not', async (t) => {
  const cwd = await tempDir('wn-server-logs-');
  const { stdout, stderr, code } = await serveAndStop(cwd, { WHATSNEXT_LOG_LEVEL: 'warn' });
  t.is(code, 0, stderr);
  const entries = stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
  t.deepEqual(entries.map((entry) => entry['msg']).slice(1), ['SIGTERM: shutting down', 'stopped']);
  t.regex(String(entries[0]?.['msg']), /^WhatsNext http:\/\/127\.0\.0\.1:\d+ on PGlite in /);
});
