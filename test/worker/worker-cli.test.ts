import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { isAlive, PROBE, readRecords, scratchDir, until } from './executor-kit.js';
import { createLab, jobStatus, need, settled, startTestServer, submit, type TestServer } from './server-kit.js';
import { spawnWorker } from './worker-process.js';

/** `whatsnext worker` flags for a project of a test server, running the probe. */
const workerArgs = (server: TestServer, project: string, logDir: string, extra: readonly string[] = []): string[] => [
  '--server',
  '127.0.0.1',
  '--port',
  String(server.port),
  '--project',
  project,
  '--executable',
  process.execPath,
  '--script',
  PROBE,
  '--log-dir',
  logDir,
  '--poll-interval',
  '1',
  '--kill-grace',
  '1',
  ...extra,
];

test('a worker killed with SIGKILL mid-job takes its job with it; the job is requeued when its lease expires and completes exactly once elsewhere', async (t) => {
  const server = await startTestServer({ WHATSNEXT_LEASE_SECONDS: '3' });
  const lab = await createLab(server.client);
  const dir = await scratchDir();
  const record = join(dir, 'records.jsonl');
  const doneFile = join(dir, 'done.txt');
  const job = await submit(server.client, lab.projectId, lab.taskId, JSON.stringify({ 'sleep-first': 30, done: doneFile }));
  const env = { PROBE_RECORD: record };

  const first = spawnWorker(workerArgs(server, lab.projectName, join(dir, 'logs-a'), ['--id', 'doomed']), env);
  await until(async () => (await readRecords(record)).length === 1, 20_000, 'the first worker started the job');
  const [firstRun] = await readRecords(record);
  first.child.kill('SIGKILL');
  t.like(await first.exited, { signal: 'SIGKILL' });
  await until(() => !isAlive(firstRun!.pid), 3_000, "the dead worker's job stopped");
  t.like(await jobStatus(server.client, job.id), { status: 'RUNNING', lease_owner: 'doomed' });

  const second = spawnWorker(workerArgs(server, lab.projectName, join(dir, 'logs-b'), ['--id', 'heir']), env);
  const [done] = await settled(server.client, [job.id], 20_000);
  second.child.kill('SIGTERM');
  t.like(await second.exited, { code: 0 });
  t.like(done, { status: 'COMPLETED', attempts: 2 });
  t.is(await readFile(doneFile, 'utf8'), `done ${job.id}\n`, 'the job completed exactly once');
  t.deepEqual((await readRecords(record)).map((r) => r.job), [String(job.id), String(job.id)]);
  t.regex(second.output(), new RegExp(`job ${job.id} completed`));
});

test('heartbeats come every third of the lease, so a job longer than the lease keeps it; SIGINT lets it finish', async (t) => {
  const server = await startTestServer({ WHATSNEXT_LEASE_SECONDS: '3' });
  const lab = await createLab(server.client);
  const dir = await scratchDir();
  const record = join(dir, 'records.jsonl');
  const job = await submit(server.client, lab.projectId, lab.taskId, '{"sleep": 4}');
  const worker = spawnWorker(workerArgs(server, lab.projectName, join(dir, 'logs'), ['--id', 'steady', '--grace', '30']), { PROBE_RECORD: record });
  await until(async () => (await readRecords(record)).length === 1, 20_000, 'the job started');
  const beats = new Set<string>();
  const watching = (async () => {
    while ((await jobStatus(server.client, job.id)).status === 'RUNNING') {
      beats.add((await need(server.client.getClient('steady'))).last_heartbeat);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  worker.child.kill('SIGINT');
  await watching;
  t.like(await worker.exited, { code: 0 });
  t.like(await jobStatus(server.client, job.id), { status: 'COMPLETED', attempts: 1 });
  const times = [...beats].map((b) => Date.parse(b)).sort((a, b) => a - b);
  const gaps = times.slice(1).map((time, i) => time - times[i]!);
  t.true(gaps.length >= 2 && gaps.every((gap) => gap > 600 && gap < 1_500), `heartbeat gaps ${gaps.join(', ')} ms`);
  t.regex(worker.output(), /SIGINT: no more claims/);
  t.is((await need(server.client.getClient('steady'))).is_active, 0);
});

test('SIGTERM past the grace period stops the running job and releases it back to the queue', async (t) => {
  const server = await startTestServer();
  const lab = await createLab(server.client);
  const dir = await scratchDir();
  const record = join(dir, 'records.jsonl');
  const job = await submit(server.client, lab.projectId, lab.taskId, '{"sleep": 60}');
  const worker = spawnWorker(workerArgs(server, lab.projectName, join(dir, 'logs'), ['--id', 'leaving', '--grace', '0.5']), { PROBE_RECORD: record });
  await until(async () => (await readRecords(record)).length === 1, 20_000, 'the job started');
  worker.child.kill('SIGTERM');
  t.like(await worker.exited, { code: 0 });
  t.like(await jobStatus(server.client, job.id), { status: 'PENDING', attempts: 0, lease_owner: null });
  t.false(isAlive((await readRecords(record))[0]!.pid));
  t.regex(worker.output(), new RegExp(`job ${job.id} released back to the queue`));
  t.is((await need(server.client.getClient('leaving'))).is_active, 0);
});

test('--once runs one job and exits; an unknown project is exit 1 with the reason', async (t) => {
  const server = await startTestServer();
  const lab = await createLab(server.client);
  const dir = await scratchDir();
  const job = await submit(server.client, lab.projectId, lab.taskId, '{"exit": 0}');
  const once = spawnWorker(workerArgs(server, lab.projectName, join(dir, 'logs'), ['--once']));
  t.like(await once.exited, { code: 0 });
  t.is((await jobStatus(server.client, job.id)).status, 'COMPLETED');
  const lost = spawnWorker(workerArgs(server, 'no-such-project', join(dir, 'logs')));
  t.like(await lost.exited, { code: 1 });
  t.regex(lost.output(), /project 'no-such-project'/);
});

test('--log-format json: every line is a JSON object, the last one the summary of what the worker ran', async (t) => {
  const server = await startTestServer();
  const lab = await createLab(server.client);
  const dir = await scratchDir();
  await submit(server.client, lab.projectId, lab.taskId, '{"exit": 0}');
  const worker = spawnWorker(workerArgs(server, lab.projectName, join(dir, 'logs'), ['--once', '--log-format', 'json', '--id', 'json-logger']));
  t.like(await worker.exited, { code: 0 }, worker.output());
  const lines = worker.output().split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
  t.deepEqual(lines.map((line) => line['event']), ['ready', 'started', 'completed', 'summary']);
  t.true(lines.every((line) => line['level'] === 'info' && typeof line['time'] === 'string' && typeof line['msg'] === 'string'));
  t.like(lines.at(-1), { worker: 'json-logger', started: 1, completed: 1, failed: 0, dropped: 0, released: 0, errors: 0 });
  t.regex(String(lines.at(-1)?.['msg']), /^worker json-logger stopped: 1 job run \(1 completed, 0 failed\) in \d/);
});

test('the text log ends with the summary; an unknown WHATSNEXT_LOG_FORMAT is a usage error naming it', async (t) => {
  const server = await startTestServer();
  const lab = await createLab(server.client);
  const dir = await scratchDir();
  await submit(server.client, lab.projectId, lab.taskId, '{"exit": 3}');
  const worker = spawnWorker(workerArgs(server, lab.projectName, join(dir, 'logs'), ['--once', '--id', 'texter']));
  t.like(await worker.exited, { code: 0 }, worker.output());
  t.regex(worker.output(), /\] worker texter stopped: 1 job run \(0 completed, 1 failed\) in \d+(\.\d)?s\n$/);
  const refused = spawnWorker(workerArgs(server, lab.projectName, join(dir, 'logs'), ['--once']), { WHATSNEXT_LOG_FORMAT: 'xml' });
  t.like(await refused.exited, { code: 2 }, 'a usage error');
  t.regex(refused.output(), /WHATSNEXT_LOG_FORMAT must be one of text, json, got 'xml'/);
});
