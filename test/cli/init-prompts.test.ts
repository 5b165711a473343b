import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import YAML from 'yaml';
import { runCli, tempDir } from './cli-harness.js';
import { runCliOnPty } from './pty-harness.js';

/** `whatsnext init` on a terminal asks for what its flags did not give, as the original's init does. */

test('init on a terminal asks for server, port and project, with the defaults in brackets', async (t) => {
  const cwd = await tempDir('wn-init-pty-');
  const result = await runCliOnPty(['init'], {
    cwd,
    answers: [
      { prompt: String.raw`Server host \[127\.0\.0\.1\]: $`, type: 'queue.example.org\r' },
      { prompt: String.raw`Server port \[8000\]: $`, type: 'not-a-port\r' },
      { prompt: String.raw`Server port \[8000\]: $`, type: '\r' },
      { prompt: String.raw`Project: $`, type: 'vision\r' },
    ],
  });
  t.is(result.code, 0, result.output);
  t.is(result.answered, 4, result.output);
  t.regex(result.output, /'not-a-port' is not a port from 1 to 65535\n/);
  t.deepEqual(YAML.parse(await readFile(join(cwd, '.whatsnext'), 'utf8')), { server: { host: 'queue.example.org', port: 8000 }, project: 'vision' });
});

test('init on a terminal asks only for what the flags did not give, and before replacing a file', async (t) => {
  const cwd = await tempDir('wn-init-pty-');
  await writeFile(join(cwd, '.whatsnext'), 'project: old\n');
  const kept = await runCliOnPty(['init', '-P', 'new'], { cwd, answers: [{ prompt: String.raw`already exists\. Replace it\? \[y/N\] $`, type: 'n\r' }] });
  t.is(kept.code, 1, kept.output);
  t.is(await readFile(join(cwd, '.whatsnext'), 'utf8'), 'project: old\n');
  const replaced = await runCliOnPty(['init', '-P', 'new', '-s', 'db.example.org'], {
    cwd,
    answers: [
      { prompt: String.raw`Replace it\? \[y/N\] $`, type: 'y\r' },
      { prompt: String.raw`Server port \[8000\]: $`, type: '9001\r' },
    ],
  });
  t.is(replaced.code, 0, replaced.output);
  t.notRegex(replaced.output, /Server host|Project:/);
  t.deepEqual(YAML.parse(await readFile(join(cwd, '.whatsnext'), 'utf8')), { server: { host: 'db.example.org', port: 9001 }, project: 'new' });
});

test('init without a terminal asks nothing: defaults, and --project is needed', async (t) => {
  const cwd = await tempDir('wn-init-');
  const missing = await runCli(['init'], { cwd });
  t.is(missing.code, 2);
  t.regex(missing.stderr, /init needs a project: pass --project NAME/);
  const made = await runCli(['init', '--project', 'demo'], { cwd });
  t.is(made.code, 0, made.stderr);
  t.deepEqual(YAML.parse(await readFile(join(cwd, '.whatsnext'), 'utf8')), { server: { host: '127.0.0.1', port: 8000 }, project: 'demo' });
});
