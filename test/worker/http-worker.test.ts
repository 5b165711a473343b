import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { isAlive, probeSubprocess, readEnds, readRecords, until } from './executor-kit.js';
import { createLab, jobStatus, need, settled, startHttpWorker, startTestServer, submit, type TestServer } from './server-kit.js';

let server: TestServer;
test.before(async () => {
  server = await startTestServer();
});

test('a worker with 4 accelerators runs 2-accelerator jobs two at a time, on disjoint devices the processes see', async (t) => {
  const lab = await createLab(server.client, { required_accelerators: 2 });
  const { executor, record } = await probeSubprocess();
  const jobs = [];
  for (let i = 0; i < 4; i++) jobs.push(await submit(server.client, lab.projectId, lab.taskId, '{"sleep": 0.7}'));
  await startHttpWorker(server, lab.projectId, executor, { cpu: 8, accelerators: 4, concurrency: 4 });
  const done = await settled(server.client, jobs.map((j) => j.id));
  t.deepEqual(done.map((j) => j.status), ['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
  const starts = await readRecords(record);
  const ends = new Map((await readEnds(record)).map((e) => [e.pid, e.end]));
  const runs = starts.map((s) => ({ devices: s.devices!.split(',').map(Number), from: s.start, to: ends.get(s.pid)! }));
  let peak = 0;
  for (const run of runs) {
    t.is(new Set(run.devices).size, 2, `devices ${run.devices}`);
    t.true(run.devices.every((d) => d >= 0 && d < 4));
    const overlapping = runs.filter((other) => other.from < run.to && run.from < other.to);
    peak = Math.max(peak, overlapping.length);
    const inUse = overlapping.flatMap((other) => other.devices);
    t.is(new Set(inUse).size, inUse.length, 'jobs running together share no device');
  }
  t.is(peak, 2);
});

test('parameters travel exactly from the submission through the server to the argv', async (t) => {
  const lab = await createLab(server.client);
  const { executor, record } = await probeSubprocess();
  const job = await submit(server.client, lab.projectId, lab.taskId, '{"lr": 1.0, "10": "ten", "2": 2, "big": 123456789012345678901234567890, "cmd": "$(rm -rf /); echo ok | cat &", "uni": "ünï 😀"}');
  await startHttpWorker(server, lab.projectId, executor);
  await settled(server.client, [job.id]);
  t.deepEqual((await readRecords(record))[0]!.argv, ['--lr', '1.0', '--10', 'ten', '--2', '2', '--big', '123456789012345678901234567890', '--cmd', '$(rm -rf /); echo ok | cat &', '--uni', 'ünï 😀']);
});

test('a failing job is FAILED with its exit code and log tail; its dependents are BLOCKED', async (t) => {
  const lab = await createLab(server.client);
  const { executor } = await probeSubprocess();
  const [first, second] = await need(
    server.client.submitBatch(lab.projectId, [
      { name: 'fails', task_id: lab.taskId, parameters: '{"lines": 3, "exit": 4}', key: 'a' },
      { name: 'after', task_id: lab.taskId, parameters: '{}', depends_on: ['a'] },
    ]),
  ).then((r) => r.job_ids);
  await startHttpWorker(server, lab.projectId, executor);
  const [failed, blocked] = await settled(server.client, [first!, second!]);
  t.like(failed, { status: 'FAILED', exit_code: 4 });
  t.regex(failed!.failure_reason ?? '', /^exited with code 4\n[\s\S]*line 3$/);
  t.like(blocked, { status: 'BLOCKED', blocked_by: first });
});

test('cancelling a running job on the server stops its whole process group at the next heartbeat', async (t) => {
  const lab = await createLab(server.client);
  const { executor, record } = await probeSubprocess();
  const job = await submit(server.client, lab.projectId, lab.taskId, '{"child": 30, "sleep": 30}');
  const { events } = await startHttpWorker(server, lab.projectId, executor);
  await until(async () => (await readRecords(record)).length === 1, 10_000, 'the job started');
  const [seen] = await readRecords(record);
  await need(server.client.cancelJob(job.id));
  await until(() => !isAlive(seen!.pid) && !isAlive(seen!.childPid!), 5_000, 'the process group stopped');
  await until(() => events.some((e) => e.type === 'dropped' && e.jobId === job.id), 5_000, 'the result dropped');
  t.is((await jobStatus(server.client, job.id)).status, 'CANCELLED');
  t.false(events.some((e) => (e.type === 'completed' || e.type === 'failed') && e.jobId === job.id));
});

test('a cancelled job that ignores SIGTERM is killed after the grace period', async (t) => {
  const lab = await createLab(server.client);
  const { executor, record } = await probeSubprocess();
  const job = await submit(server.client, lab.projectId, lab.taskId, '{"ignore-term": 1, "sleep": 30}');
  await startHttpWorker(server, lab.projectId, executor);
  await until(async () => (await readRecords(record)).length === 1, 10_000, 'the job started');
  const [seen] = await readRecords(record);
  await need(server.client.cancelJob(job.id));
  await until(() => !isAlive(seen!.pid), 5_000, 'the process killed');
  t.pass();
});

test('a job over its task timeout is stopped and FAILED with the reason', async (t) => {
  // Long enough for the probe to start and record itself on a loaded CI machine.
  const lab = await createLab(server.client, { timeout_seconds: 6 });
  const { executor, record } = await probeSubprocess();
  const job = await submit(server.client, lab.projectId, lab.taskId, '{"sleep": 30}');
  await startHttpWorker(server, lab.projectId, executor);
  const [done] = await settled(server.client, [job.id], 30_000);
  t.is(done!.status, 'FAILED');
  t.regex(done!.failure_reason ?? '', /^timed out after 6s/);
  t.false(isAlive((await readRecords(record))[0]!.pid));
});

test('a worker that lost a lease stops the job and drops its result; the job then runs exactly once to the end', async (t) => {
  const lab = await createLab(server.client);
  const { executor, record, dir } = await probeSubprocess();
  const doneFile = join(dir, 'done.txt');
  const job = await submit(server.client, lab.projectId, lab.taskId, JSON.stringify({ 'sleep-first': 30, done: doneFile }));
  const { events, source } = await startHttpWorker(server, lab.projectId, executor);
  await until(async () => (await readRecords(record)).length === 1, 10_000, 'the job started');
  const [first] = await readRecords(record);
  // The lease goes away behind the worker's back (as when it expires).
  await need(server.client.report(job.id, 'release', { client_id: source.workerId }));
  await until(() => !isAlive(first!.pid), 5_000, 'the first run stopped');
  const [done] = await settled(server.client, [job.id], 15_000);
  t.is(done!.status, 'COMPLETED');
  t.true(events.some((e) => e.type === 'dropped' && e.jobId === job.id));
  t.is((await readRecords(record)).length, 2);
  t.is(await readFile(doneFile, 'utf8'), `done ${job.id}\n`);
});

test('on stop, a running job may finish within the grace period', async (t) => {
  const lab = await createLab(server.client);
  const { executor } = await probeSubprocess();
  const job = await submit(server.client, lab.projectId, lab.taskId, '{"sleep": 0.6}');
  const { worker, events, done } = await startHttpWorker(server, lab.projectId, executor, { shutdownGraceMs: 10_000 });
  await until(() => events.some((e) => e.type === 'started'), 10_000, 'the job started');
  await worker.stop();
  await done;
  t.is((await jobStatus(server.client, job.id)).status, 'COMPLETED');
});

test('on stop, a job still running after the grace period is stopped and released, charging no attempt', async (t) => {
  const lab = await createLab(server.client);
  const { executor, record } = await probeSubprocess();
  const job = await submit(server.client, lab.projectId, lab.taskId, '{"sleep": 30}');
  const { worker, done, source } = await startHttpWorker(server, lab.projectId, executor, { shutdownGraceMs: 300 });
  await until(async () => (await readRecords(record)).length === 1, 10_000, 'the job started');
  await worker.stop();
  await done;
  t.like(await jobStatus(server.client, job.id), { status: 'PENDING', attempts: 0, lease_owner: null });
  t.false(isAlive((await readRecords(record))[0]!.pid));
  t.is((await need(server.client.getClient(source.workerId))).is_active, 0, 'the worker deactivated');
});

test('a lease the worker holds on a job it does not run (a claim answer it never saw) goes back to the queue', async (t) => {
  // A GPU job, which this worker without GPUs never claims by itself.
  const lab = await createLab(server.client, { required_accelerators: 1 });
  const { executor } = await probeSubprocess();
  const { events, source } = await startHttpWorker(server, lab.projectId, executor);
  const job = await submit(server.client, lab.projectId, lab.taskId, '{}');
  // Someone claims in the worker's name, as a claim whose answer was lost would have.
  const taken = await need(server.client.fetchJob(lab.projectId, { clientId: source.workerId, exact: true, cpu: 1, accelerators: 1 }));
  t.is(taken.job?.id, job.id);
  await until(() => events.some((e) => e.type === 'released' && e.jobId === job.id), 5_000, 'the stray lease released');
  t.like(await jobStatus(server.client, job.id), { status: 'PENDING', attempts: 0, lease_owner: null });
});
