import { readFile } from 'node:fs/promises';
import test from 'ava';
import type { Outcome } from '../../src/application/ports/executor.port.js';
import { logPathOf, SubprocessExecutor, type SubprocessSettings } from '../../src/adapters/worker/executors/subprocess/subprocess-executor.js';
import { claimedJob, isAlive, PROBE, probeSubprocess, readRecords, until } from './executor-kit.js';

const setup = (overrides: Partial<SubprocessSettings> = {}) => probeSubprocess({ overrides });

const run = (executor: SubprocessExecutor, parameters: string, options: { accelerators?: number[]; stop?: AbortSignal; commandTemplate?: string; id?: number } = {}): Promise<Outcome> =>
  executor.run(claimedJob(options.id ?? 7, parameters, { commandTemplate: options.commandTemplate ?? null }), {
    acceleratorIndices: options.accelerators ?? [],
    stop: options.stop ?? new AbortController().signal,
  });

test('exit code 0 is success; the job sees its id, accelerators and working directory', async (t) => {
  const { executor, record, dir } = await setup();
  const outcome = await run(executor, '{"sleep": 0}', { accelerators: [1, 3] });
  t.true(outcome.ok);
  const [seen] = await readRecords(record);
  t.is(seen!.job, '7');
  t.is(seen!.devices, '1,3');
  t.is(seen!.cwd, dir);
});

test('a job without accelerators sees none (an empty CUDA_VISIBLE_DEVICES), and the variable name is configurable', async (t) => {
  const { executor, record } = await setup();
  await run(executor, '{}');
  t.is((await readRecords(record))[0]!.devices, '');
  const other = await setup({ acceleratorVariable: 'ROCR_VISIBLE_DEVICES' });
  await run(other.executor, '{}', { accelerators: [0] });
  t.is((await readRecords(other.record))[0]!.devices, undefined);
});

test('a non-zero exit fails the job with the code and the tail of its log', async (t) => {
  const { executor } = await setup();
  const outcome = await run(executor, '{"lines": 100, "exit": 3}');
  if (outcome.ok) return t.fail('expected a failure');
  t.is(outcome.exitCode, 3);
  t.is(outcome.reason, 'exited with code 3');
  const tail = outcome.logTail!.split('\n');
  t.is(tail.length, 40);
  t.is(tail[0], 'line 61');
  t.is(tail.at(-1), 'line 100');
});

test('a job killed by a signal fails naming the signal', async (t) => {
  const { executor } = await setup();
  const outcome = await run(executor, '{"signal": "SIGSEGV"}');
  t.like(outcome, { ok: false, exitCode: null, reason: 'killed by SIGSEGV' });
});

test('the log file keeps the command line and the output, appended run after run', async (t) => {
  const { executor, settings } = await setup();
  await run(executor, '{"lines": 2}', { id: 11 });
  await run(executor, '{"lines": 1}', { id: 11 });
  const log = await readFile(logPathOf(settings.logDir, 11), 'utf8');
  t.is(log.match(/^\[whatsnext\] job 11 on .*: .*job-probe\.mjs --lines 2$/m)?.length, 1);
  t.deepEqual(log.split('\n').filter((line) => line.startsWith('line')), ['line 1', 'line 2', 'line 1']);
});

test('parameters reach argv exactly: key order, 1.0, big integers, booleans, Unicode, quotes and shell metacharacters', async (t) => {
  const { executor, record } = await setup();
  const parameters =
    '{"lr": 1.0, "10": "ten", "2": 2, "big": 123456789012345678901234567890, "small": 1e-7, "flag": true, "off": false, "none": null, ' +
    '"text": "a b \'c\' \\"d\\" $(rm -rf /) ; | & `id` > out", "uni": "日本語 😀 é", "list": [1, 1.0, "x"], "empty": ""}';
  const outcome = await run(executor, parameters);
  t.true(outcome.ok);
  const [seen] = await readRecords(record);
  t.deepEqual(seen!.argv, [
    '--lr', '1.0',
    '--10', 'ten',
    '--2', '2',
    '--big', '123456789012345678901234567890',
    '--small', '1e-07',
    '--flag', 'True',
    '--off', 'False',
    '--none', 'None',
    '--text', 'a b \'c\' "d" $(rm -rf /) ; | & `id` > out',
    '--uni', '日本語 😀 é',
    '--list', "[1, 1.0, 'x']",
    '--empty', '',
  ]);
});

test('a command template is split into words like a shell, each placeholder filling exactly one argv element', async (t) => {
  const { executor, record } = await setup({ executable: 'never-used', script: null });
  const template = `'${process.execPath}' "${PROBE}" --text {text} --pair={a}:{b} '{{literal}}' "x y"`;
  const outcome = await run(executor, '{"b": 2.50, "a": 1, "text": "$(touch pwned); echo hi | cat"}', { commandTemplate: template });
  t.true(outcome.ok);
  const [seen] = await readRecords(record);
  t.deepEqual(seen!.argv, ['--text', '$(touch pwned); echo hi | cat', '--pair=1:2.5', '{literal}', 'x y']);
});

test('a template naming a missing parameter fails the job without running anything', async (t) => {
  const { executor, record } = await setup();
  const outcome = await run(executor, '{"a": 1}', { commandTemplate: 'echo {b}' });
  t.like(outcome, { ok: false, reason: "the command template uses {b}, which the job's parameters do not have" });
  t.deepEqual(await readRecords(record), []);
});

test('an executable that does not exist fails the job with code 127 and says why in the log tail', async (t) => {
  const { executor } = await setup({ executable: 'no-such-program-wn', script: null });
  const outcome = await run(executor, '{}');
  if (outcome.ok) return t.fail('expected a failure');
  t.is(outcome.exitCode, 127);
  t.regex(outcome.logTail ?? '', /cannot run "no-such-program-wn"/);
});

test('a working directory that does not exist fails the job, naming it', async (t) => {
  const { executor } = await setup({ workdir: '/no/such/dir-wn' });
  const outcome = await run(executor, '{}');
  if (outcome.ok) return t.fail('expected a failure');
  t.is(outcome.exitCode, null);
  t.regex(outcome.reason, /^cannot start the job in \/no\/such\/dir-wn: /);
});

test('stopping a job sends SIGTERM to its whole process group', async (t) => {
  const { executor, record } = await setup();
  const stop = new AbortController();
  const running = run(executor, '{"child": 30, "sleep": 30}', { stop: stop.signal });
  await until(async () => (await readRecords(record)).length === 1);
  const [seen] = await readRecords(record);
  stop.abort();
  const outcome = await running;
  t.like(outcome, { ok: false, reason: 'killed by SIGTERM' });
  t.false(isAlive(seen!.pid));
  t.false(isAlive(seen!.childPid!), 'the child in the same group is stopped too');
});

test('a job that ignores SIGTERM is killed with SIGKILL after the grace period', async (t) => {
  const { executor, record } = await setup({ killGraceMs: 300 });
  const stop = new AbortController();
  const running = run(executor, '{"ignore-term": "yes", "sleep": 30}', { stop: stop.signal });
  await until(async () => (await readRecords(record)).length === 1);
  const stoppedAt = Date.now();
  stop.abort();
  const outcome = await running;
  t.like(outcome, { ok: false, reason: 'killed by SIGKILL' });
  t.true(Date.now() - stoppedAt >= 250, 'SIGKILL waited for the grace period');
  t.regex(outcome.ok ? '' : (outcome.logTail ?? ''), /SIGTERM ignored/);
});

test('processes a job leaves behind in its group are stopped when it ends', async (t) => {
  const { executor, record } = await setup();
  const outcome = await run(executor, '{"child": 30}');
  t.true(outcome.ok);
  const [seen] = await readRecords(record);
  t.false(isAlive(seen!.childPid!));
});
