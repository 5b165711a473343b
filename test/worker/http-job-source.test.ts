import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { WhatsNextClient } from '../../src/adapters/client/whatsnext-client.js';
import { HttpJobSource } from '../../src/adapters/worker/http-job-source.js';
import { heartbeatIntervalFor } from '../../src/adapters/worker/worker-settings.js';
import { until } from './executor-kit.js';
import { createLab, jobStatus, need, startTestServer, submit } from './server-kit.js';

const OFFER = { cpu: 4, accelerators: 0, memoryMb: null };

const registered = async (client: WhatsNextClient, projectId: number, id: string) => {
  const source = new HttpJobSource(client, projectId, id);
  await source.register({ id, name: id, entity: 'tests', description: null, resources: { cpu: 4, accelerators: 0, memoryMb: 0 } });
  return source;
};

test('a claim is a lease: the job with its exact parameters and its task, held by this worker', async (t) => {
  const server = await startTestServer();
  const lab = await createLab(server.client, { command_template: 'run {x}', required_cpu: 2, timeout_seconds: 9.5 });
  const parameters = '{"lr": 1.0, "10": "ten", "2": 2, "big": 123456789012345678901234567890}';
  const job = await submit(server.client, lab.projectId, lab.taskId, parameters, 'exact');
  const source = await registered(server.client, lab.projectId, 'claimer');
  const [claimed] = await source.claim({ offer: OFFER, limit: 1, fit: 'together' }, 0);
  // The server keeps the text's order and number literals (compacted).
  const exact = '{"lr":1.0,"10":"ten","2":2,"big":123456789012345678901234567890}';
  t.deepEqual(claimed, {
    job: { id: job.id, name: 'exact', projectId: lab.projectId, taskId: lab.taskId, parameters: exact, priority: 0, requirements: { cpu: 2, accelerators: 0, memoryMb: 0 } },
    task: { id: lab.taskId, name: lab.taskName, commandTemplate: 'run {x}', requirements: { cpu: 2, accelerators: 0, memoryMb: 0 }, timeoutSeconds: 9.5 },
  });
  t.like(await jobStatus(server.client, job.id), { status: 'QUEUED', lease_owner: 'claimer' });
  t.deepEqual(await source.heartbeat(), [job.id]);
  t.true(E.isRight(await source.start(job.id)));
  t.true(E.isRight(await source.complete(job.id)));
  t.deepEqual(await source.heartbeat(), []);
});

test('offers are exact: a job needing more than is free is not handed out, 0 included', async (t) => {
  const server = await startTestServer();
  const lab = await createLab(server.client, { required_accelerators: 1 });
  await submit(server.client, lab.projectId, lab.taskId, '{}');
  const source = await registered(server.client, lab.projectId, 'no-gpu');
  t.deepEqual(await source.claim({ offer: { cpu: 4, accelerators: 0, memoryMb: null }, limit: 1, fit: 'together' }, 0), []);
  t.is((await source.claim({ offer: { cpu: 4, accelerators: 1, memoryMb: null }, limit: 1, fit: 'together' }, 0)).length, 1);
});

test('a report on a job held by another worker is Left LeaseLost; on a cancelled job, Left IllegalTransition', async (t) => {
  const server = await startTestServer();
  const lab = await createLab(server.client);
  const job = await submit(server.client, lab.projectId, lab.taskId, '{}');
  const holder = await registered(server.client, lab.projectId, 'holder');
  const intruder = await registered(server.client, lab.projectId, 'intruder');
  await holder.claim({ offer: OFFER, limit: 1, fit: 'together' }, 0);
  const stolen = await intruder.start(job.id);
  t.like(E.isLeft(stolen) ? stolen.left : null, { _tag: 'LeaseLost', jobId: job.id, reporter: 'intruder' });
  await need(server.client.cancelJob(job.id));
  const late = await holder.start(job.id);
  t.like(E.isLeft(late) ? late.left : null, { _tag: 'IllegalTransition', jobId: job.id, from: 'CANCELLED', request: 'start' });
  const missing = await holder.complete(999_999);
  t.like(E.isLeft(missing) ? missing.left : null, { _tag: 'JobNotFound' });
});

test('an unreachable server is a fault: claims, reports and heartbeats throw (the worker retries them)', async (t) => {
  const server = await startTestServer();
  const lab = await createLab(server.client);
  // Reports ride out outages for minutes by default: this client gives up within a second.
  const impatient = new WhatsNextClient({ baseUrl: server.url, timeoutMs: 2_000, reportRetry: { patienceMs: 500, firstDelayMs: 50, maxDelayMs: 100 } });
  const source = await registered(impatient, lab.projectId, 'orphan');
  await server.running.close();
  await t.throwsAsync(source.claim({ offer: OFFER, limit: 1, fit: 'together' }, 0), { message: /cannot reach the WhatsNext server/ });
  await t.throwsAsync(source.start(1), { message: /cannot reach/ });
  await t.throwsAsync(source.heartbeat(), { message: /cannot reach/ });
});

test('the lease length is measured from a heartbeat; heartbeats come every third of it', async (t) => {
  const server = await startTestServer({ WHATSNEXT_LEASE_SECONDS: '6' });
  const lab = await createLab(server.client);
  const source = await registered(server.client, lab.projectId, 'measurer');
  const lease = await source.leaseMs();
  t.true(lease !== null && Math.abs(lease - 6_000) < 1_000, `measured ${lease} ms`);
  t.true(Math.abs(heartbeatIntervalFor(lease) - 2_000) < 400);
  t.is(heartbeatIntervalFor(null), 20_000);
});

test('a long poll the worker stopped waiting for gives its job straight back to the queue', async (t) => {
  const server = await startTestServer();
  const lab = await createLab(server.client);
  const source = await registered(server.client, lab.projectId, 'impatient');
  const abort = new AbortController();
  const claim = source.claim({ offer: OFFER, limit: 1, fit: 'together' }, 3_000, abort.signal);
  setTimeout(() => abort.abort(), 100);
  t.deepEqual(await claim, []);
  const job = await submit(server.client, lab.projectId, lab.taskId, '{}');
  // The request still open on the server takes the job, and the source releases it.
  await until(async () => {
    const seen = await jobStatus(server.client, job.id);
    return seen.status === 'PENDING' && seen.attempts === 0 && seen.updated_at !== job.updated_at;
  }, 5_000, 'the late claim released');
  await source.deactivate();
  const other = await registered(server.client, lab.projectId, 'patient');
  t.is((await other.claim({ offer: OFFER, limit: 1, fit: 'together' }, 0))[0]?.job.id, job.id);
});

test('a claim with a limit takes several jobs in one request: together they fit the offer, or each on its own with fit each', async (t) => {
  const server = await startTestServer();
  const lab = await createLab(server.client, { required_cpu: 2 });
  const jobs = [];
  for (let i = 0; i < 6; i++) jobs.push(await submit(server.client, lab.projectId, lab.taskId, `{"i":${i},"x":1.50}`));
  const source = await registered(server.client, lab.projectId, 'batcher');
  // 4 cpus hold two 2-cpu jobs at once.
  const together = await source.claim({ offer: OFFER, limit: 5, fit: 'together' }, 0);
  t.deepEqual(
    together.map(({ job }) => job.id),
    jobs.slice(0, 2).map((job) => job.id),
  );
  // Held to run in turn, each needs only to fit the worker.
  const each = await source.claim({ offer: OFFER, limit: 3, fit: 'each' }, 0);
  t.deepEqual(
    each.map(({ job }) => [job.id, job.parameters]),
    jobs.slice(2, 5).map((job, index) => [job.id, `{"i":${index + 2},"x":1.50}`]),
  );
  for (const { job } of [...together, ...each]) t.like(await jobStatus(server.client, job.id), { status: 'QUEUED', lease_owner: 'batcher' });
  t.like(await jobStatus(server.client, jobs[5]!.id), { status: 'PENDING' });
  // The original fetch_job is unchanged: no `more` without a limit.
  const raw = (await fetch(`${server.url}/projects/${lab.projectId}/fetch_job?client_id=batcher`).then((answer) => answer.json())) as { job: { id: number } };
  t.is(raw.job.id, jobs[5]!.id);
  t.false('more' in raw);
  const refused = await fetch(`${server.url}/projects/${lab.projectId}/fetch_job?client_id=batcher&limit=0`);
  t.is(refused.status, 422);
});

/** How many POST /jobs/reports the server has answered, from its metrics. */
const reportRequests = async (url: string): Promise<number> => {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const counted = /^whatsnext_http_requests_total\{method="POST",route="\/jobs\/reports",status="200"\} (\d+)$/m.exec(metrics);
  return counted === null ? 0 : Number(counted[1]);
};

test('starts and completions made together go out as one POST /jobs/reports, each answered on its own', async (t) => {
  const server = await startTestServer();
  const lab = await createLab(server.client);
  const jobs = [];
  for (let i = 0; i < 3; i++) jobs.push(await submit(server.client, lab.projectId, lab.taskId, `{"n":${i}.0}`));
  const source = await registered(server.client, lab.projectId, 'reporter');
  const claimed = await source.claim({ offer: OFFER, limit: 3, fit: 'each' }, 0);
  t.is(claimed.length, 3);
  // Start all three and complete two at once: one job's start and completion in one request, in order.
  const [a, b, c] = claimed.map(({ job }) => job.id) as [number, number, number];
  const requestsBefore = await reportRequests(server.url);
  const outcomes = await Promise.all([source.start(a), source.start(b), source.start(c), source.complete(a), source.complete(b), source.complete(999_999)]);
  t.is(await reportRequests(server.url), requestsBefore + 1);
  t.deepEqual(
    outcomes.map((outcome) => (E.isRight(outcome) ? outcome.right : outcome.left._tag)),
    ['RUNNING', 'RUNNING', 'RUNNING', 'COMPLETED', 'COMPLETED', 'JobNotFound'],
  );
  t.like(await jobStatus(server.client, c), { status: 'RUNNING', lease_owner: 'reporter' });
  // Another worker's reports are refused as a lost lease.
  const stranger = await registered(server.client, lab.projectId, 'stranger');
  const refused = await stranger.complete(c);
  t.like(E.isLeft(refused) ? refused.left : null, { _tag: 'LeaseLost' });
  const invalid = await fetch(`${server.url}/jobs/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"reports":[]}' });
  t.is(invalid.status, 422);
});

test('with tasks=once a claim answer carries each task once; the source still gives every job its own task', async (t) => {
  const server = await startTestServer();
  const lab = await createLab(server.client, { command_template: 'a {i}' });
  const other = await need(server.client.createTask(lab.projectId, 'other-task', { command_template: 'b {i}' }));
  const taskIds = [lab.taskId, other.id, other.id, lab.taskId, other.id];
  const jobs = [];
  for (const [i, taskId] of taskIds.entries()) jobs.push(await submit(server.client, lab.projectId, taskId, `{"i":${i}}`));
  const source = await registered(server.client, lab.projectId, 'once');
  const claimed = await source.claim({ offer: OFFER, limit: 5, fit: 'each' }, 0);
  t.deepEqual(
    claimed.map(({ job, task }) => [job.id, job.taskId, task.id, task.commandTemplate]),
    jobs.map((job, i) => [job.id, taskIds[i], taskIds[i], taskIds[i] === lab.taskId ? 'a {i}' : 'b {i}']),
  );
  // On the wire: the first job's task at the top, the other task with its first job, then no task again.
  for (const job of jobs) await source.release(job.id);
  const raw = (await fetch(`${server.url}/projects/${lab.projectId}/fetch_job?client_id=once&limit=5&fit=each&available_cpu=4&tasks=once`).then((answer) =>
    answer.json(),
  )) as { task: { id: number }; more: { job: { task_id: number }; task?: { id: number } }[] };
  t.is(raw.task.id, lab.taskId);
  t.deepEqual(
    raw.more.map((entry) => entry.task?.id ?? null),
    [other.id, null, null, null],
  );
  // Without the option every entry carries its task, as before.
  for (const job of jobs) await source.release(job.id);
  const full = (await fetch(`${server.url}/projects/${lab.projectId}/fetch_job?client_id=once&limit=5&fit=each&available_cpu=4`).then((answer) => answer.json())) as {
    more: { task?: { id: number } }[];
  };
  t.deepEqual(
    full.more.map((entry) => entry.task?.id ?? null),
    taskIds.slice(1),
  );
});
