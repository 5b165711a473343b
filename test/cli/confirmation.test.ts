import test from 'ava';
import { cliFor, jsonOf, newProject, runCli, startCliServer, tempDir, unique } from './cli-harness.js';
import { runCliOnPty } from './pty-harness.js';

/** Deleting commands ask y/N on a terminal, as the original; without one they need --force. */

test('projects delete on a terminal: n keeps the project, y deletes it', async (t) => {
  const server = await startCliServer();
  const cwd = await tempDir('wn-confirm-');
  const project = unique('confirm');
  t.is((await runCli(['projects', 'create', project, ...server.flags])).code, 0);
  const no = await runCliOnPty(['projects', 'delete', project, ...server.flags], { cwd, answers: [{ prompt: String.raw`\[y/N\] $`, type: 'n\r' }] });
  t.is(no.answered, 1, no.output);
  t.regex(no.output, new RegExp(`Deleting project '${project}' with its tasks and jobs cannot be undone. Go on\\? \\[y/N\\] n\\n`));
  t.regex(no.output, /aborted: nothing was changed/);
  t.is(no.code, 1);
  t.is((await runCli(['projects', 'show', project, ...server.flags])).code, 0);
  const yes = await runCliOnPty(['projects', 'delete', project, ...server.flags], { cwd, answers: [{ prompt: String.raw`\[y/N\] $`, type: 'yes\r' }] });
  t.is(yes.code, 0, yes.output);
  t.regex(yes.output, new RegExp(`Deleted project ${project}`));
  t.is((await runCli(['projects', 'show', project, ...server.flags])).code, 1);
});

test('queue clear on a terminal asks; without a terminal it needs --force (exit 2), and --force never asks', async (t) => {
  const server = await startCliServer();
  const { project } = await newProject(server);
  const wn = cliFor(server, project);
  t.is((await wn('jobs', 'add', 'train', '--param', 'x=1')).code, 0);
  const cwd = await tempDir('wn-confirm-');
  const refused = await wn('queue', 'clear');
  t.is(refused.code, 2);
  t.regex(refused.stderr, /cannot be undone: add --force/);
  const kept = await runCliOnPty(['queue', 'clear', ...server.flags, '-P', project], { cwd, answers: [{ prompt: String.raw`\[y/N\] $`, type: '\r' }] });
  t.is(kept.code, 1, kept.output);
  t.like(jsonOf(await wn('queue', 'stats', '--json')), { by_status: { PENDING: 1 } });
  const forced = await runCliOnPty(['queue', 'clear', '--force', ...server.flags, '-P', project], { cwd });
  t.is(forced.code, 0, forced.output);
  t.notRegex(forced.output, /\[y\/N\]/);
  t.regex(forced.output, /Deleted 1 pending job/);
});

test('db downgrade on a terminal: n reverts nothing, y reverts; without one it needs --force', async (t) => {
  const dir = await tempDir('wn-confirm-db-');
  const cwd = await tempDir('wn-confirm-');
  const env = { WHATSNEXT_DATA_DIR: dir };
  t.is((await runCli(['db', 'upgrade'], { env })).code, 0);
  const refused = await runCli(['db', 'downgrade'], { env });
  t.is(refused.code, 2);
  t.regex(refused.stderr, /reverting 1 migration of PGlite in .* cannot be undone: add --force/);
  const no = await runCliOnPty(['db', 'downgrade', 'base'], { cwd, env, answers: [{ prompt: String.raw`\[y/N\] $`, type: 'n\r' }] });
  t.is(no.code, 1, no.output);
  t.regex(no.output, /Reverting \d+ migrations? of PGlite in .* down to base \(every table, data included, is dropped\) cannot be undone\. Go on\? \[y\/N\] n\n/);
  t.deepEqual(jsonOf(await runCli(['db', 'status', '--json'], { env })).pending, []);
  const yes = await runCliOnPty(['db', 'downgrade', '-1'], { cwd, env, answers: [{ prompt: String.raw`\[y/N\] $`, type: 'y\r' }] });
  t.is(yes.code, 0, yes.output);
  t.regex(yes.output, /reverted 1 migration\n/);
  t.is(jsonOf(await runCli(['db', 'status', '--json'], { env })).pending.length, 1);
});
