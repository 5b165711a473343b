import test from 'ava';
import {
  createLab,
  createTask,
  fetchJob,
  forEachStore,
  ISO_Z,
  routeKey,
  routeTable,
  setStatus,
  sleep,
  submitBatch,
  submitJob,
  unique,
  type Http,
} from './server-harness.js';

/**
 * Extensions beyond the original (API.md A, last paragraph): long-poll, leases and heartbeats,
 * worker reports, cancel and retry, whole-DAG batches, statistics, metrics, OpenAPI.
 */

const CLAIMED_JOB_KEYS = ['created_at', 'depends', 'id', 'name', 'parameters', 'priority', 'project_id', 'status', 'task_id', 'task_name', 'updated_at'];

const registerClient = async (http: Http, prefix = 'w'): Promise<string> => {
  const id = unique(prefix).replace(/[^a-zA-Z0-9_-]/g, '');
  const answer = await http.post('/clients/register', { id, name: id, entity: 'lab', available_cpu: 4 });
  if (answer.status !== 201) throw new Error(`register: ${answer.status} ${answer.text}`);
  return id;
};

const statusOf = async (http: Http, jobId: number): Promise<string> => (await http.get(`/jobs/${jobId}`)).body.status as string;

forEachStore((store, { shared, start }) => {
  const title = (text: string) => `${store}: ${text}`;

  // The timed tests are serial: they run before the others, so no PGlite of this process starts
  // (and stalls the event loop) while they measure.
  test.serial(title('fetch_job?wait=2 answers as soon as a job is submitted'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const started = performance.now();
    const waiting = http.get(`/projects/${lab.projectId}/fetch_job?wait=2`).then((answer) => ({ answer, at: performance.now() - started }));
    await sleep(200);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    const { answer, at } = await waiting;
    t.is(answer.status, 200, answer.text);
    t.is(answer.body.job?.id, job.id);
    t.is(answer.body.num_pending, 1);
    t.true(at >= 150, `it waited for the job (${Math.round(at)} ms)`);
    // Had it sat out the wait, it would have answered (with the job, on its last try) after 2 s.
    t.true(at < 1_900, `it answered before the 2 s wait was over (${Math.round(at)} ms)`);
  });

  test.serial(title('fetch_job?wait=1 on an empty queue answers null once the wait is over'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const started = performance.now();
    const answer = await http.get(`/projects/${lab.projectId}/fetch_job?wait=1`);
    const elapsed = performance.now() - started;
    t.deepEqual(answer.body, { job: null, num_pending: 0 });
    t.true(elapsed >= 900, `it waited (${Math.round(elapsed)} ms)`);
  });

  test.serial(title('a waiting claim is not woken by a job it cannot take (another project)'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const other = await createLab(http);
    const waiting = http.get(`/projects/${lab.projectId}/fetch_job?wait=1`);
    await sleep(200);
    await submitJob(http, other.projectId, other.taskId);
    t.is((await waiting).body.job, null);
    t.is((await fetchJob(http, other.projectId)).job?.project_id, other.projectId, 'the other job is still there');
  });

  test(title('a claim with client_id takes a lease; heartbeats renew it and list the held jobs'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const client = await registerClient(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    const before = Date.now();
    const claim = await http.get(`/projects/${lab.projectId}/fetch_job?client_id=${client}`);
    t.is(claim.status, 200, claim.text);
    t.is(claim.body.job.id, job.id);
    t.deepEqual(Object.keys(claim.body.job).sort(), CLAIMED_JOB_KEYS, 'the job itself keeps the client-safe keys');
    t.regex(claim.body.lease_expires_at, ISO_Z);
    const expires = Date.parse(claim.body.lease_expires_at);
    t.true(expires > before + 50_000 && expires < before + 70_000, `a 60 s lease: ${claim.body.lease_expires_at}`);
    t.is(claim.body.task.id, lab.taskId);
    t.is(claim.body.task.name, lab.taskName);
    const held = await http.get(`/jobs/${job.id}`);
    t.is(held.body.lease_owner, client);
    t.is(held.body.lease_expires_at, claim.body.lease_expires_at);

    await sleep(20);
    const beat = await http.post(`/clients/${client}/heartbeat`);
    t.is(beat.status, 200, beat.text);
    t.is(beat.body.status, 'ok');
    t.deepEqual(beat.body.held_job_ids, [job.id]);
    t.true(Date.parse(beat.body.lease_expires_at) > expires, 'renewed further');
    t.is((await http.get(`/jobs/${job.id}`)).body.lease_expires_at, beat.body.lease_expires_at);
    // Someone else's heartbeat renews nothing of it.
    const other = await registerClient(http);
    t.deepEqual((await http.post(`/clients/${other}/heartbeat`)).body.held_job_ids, []);
  });

  test(title('a claim without client_id expires after a day (WHATSNEXT_UNLEASED_CLAIM_SECONDS), so a vanished caller\'s job comes back'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    const before = Date.now();
    t.is((await fetchJob(http, lab.projectId)).job?.id, job.id);
    const claimed = await http.get(`/jobs/${job.id}`);
    t.is(claimed.body.status, 'QUEUED');
    t.is(claimed.body.lease_owner, null);
    const expires = Date.parse(claimed.body.lease_expires_at);
    t.true(expires >= before + 86_400_000 - 5_000 && expires <= Date.now() + 86_400_000, `a day: ${claimed.body.lease_expires_at}`);
  });

  test(title('a claim by status PUT (the original client\'s way) expires as one without client_id does, and comes back with the reason in its history'), async (t) => {
    // A 1 s lease: the sweeper starts expiring once the server has been up for one lease.
    const server = await start({ WHATSNEXT_UNLEASED_CLAIM_SECONDS: '5', WHATSNEXT_LEASE_SECONDS: '1' });
    const { http } = server;
    const lab = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    t.is((await setStatus(http, job.id, 'QUEUED')).status, 200);
    t.is((await setStatus(http, job.id, 'RUNNING')).status, 200);
    const held = (await http.get(`/jobs/${job.id}`)).body;
    t.is(held.status, 'RUNNING');
    t.truthy(held.lease_expires_at, 'the claim has an expiry');
    const deadline = Date.now() + 20_000;
    while ((await statusOf(http, job.id)) !== 'PENDING' && Date.now() < deadline) await sleep(100);
    t.is(await statusOf(http, job.id), 'PENDING');
    const history = (await http.get(`/jobs/${job.id}/history`)).body.history as { from: string; to: string; reason: string | null }[];
    t.like(history.at(-1), { from: 'RUNNING', to: 'PENDING' });
    t.regex(String(history.at(-1)?.reason), /claim without a lease expired/);
    await server.close();
  });

  test(title('start/complete/fail/release with the lease holder work; another client_id is 409'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const holder = await registerClient(http, 'holder');
    const intruder = await registerClient(http, 'intruder');
    const ids = await submitBatch(http, lab.projectId, ['a', 'b', 'c'].map((name) => ({ name, task_id: lab.taskId })));
    const claim = async () => (await http.get(`/projects/${lab.projectId}/fetch_job?client_id=${holder}`)).body.job.id as number;

    // a: start, complete.
    const a = await claim();
    t.is(a, ids[0]!);
    const stolenStart = await http.post(`/jobs/${a}/start`, { client_id: intruder });
    t.is(stolenStart.status, 409, stolenStart.text);
    t.true(stolenStart.body.detail.includes(String(a)));
    t.is(await statusOf(http, a), 'QUEUED');
    const started = await http.post(`/jobs/${a}/start`, { client_id: holder });
    t.is(started.status, 200, started.text);
    t.is(started.body.status, 'RUNNING');
    t.regex(started.body.started_at, ISO_Z);
    t.is((await http.post(`/jobs/${a}/complete`, { client_id: intruder })).status, 409);
    t.is(await statusOf(http, a), 'RUNNING');
    const completed = await http.post(`/jobs/${a}/complete`, { client_id: holder });
    t.is(completed.status, 200, completed.text);
    t.is(completed.body.status, 'COMPLETED');
    t.is(completed.body.lease_owner, null);

    // b: fail with a reason and an exit code.
    const b = await claim();
    await http.post(`/jobs/${b}/start`, { client_id: holder });
    t.is((await http.post(`/jobs/${b}/fail`, { client_id: intruder, reason: 'no' })).status, 409);
    const failed = await http.post(`/jobs/${b}/fail`, { client_id: holder, reason: 'segfault', exit_code: 139 });
    t.is(failed.status, 200, failed.text);
    t.is(failed.body.status, 'FAILED');
    t.is(failed.body.exit_code, 139);
    t.is(failed.body.failure_reason, 'segfault');

    // c: released back to the queue, then someone else may take it.
    const c = await claim();
    t.is((await http.post(`/jobs/${c}/release`, { client_id: intruder })).status, 409);
    const released = await http.post(`/jobs/${c}/release`, { client_id: holder });
    t.is(released.status, 200, released.text);
    t.is(released.body.status, 'PENDING');
    t.is(released.body.lease_owner, null);
    const again = await http.get(`/projects/${lab.projectId}/fetch_job?client_id=${intruder}`);
    t.is(again.body.job.id, c);
    t.deepEqual((await http.post(`/clients/${holder}/heartbeat`)).body.held_job_ids, []);
    t.deepEqual((await http.post(`/clients/${intruder}/heartbeat`)).body.held_job_ids, [c]);
  });

  test(title('cancel: dependents become BLOCKED, a finished job cannot be cancelled; retry brings them back'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const client = await registerClient(http);
    const root = await submitJob(http, lab.projectId, lab.taskId, { name: 'root' });
    const child = await submitJob(http, lab.projectId, lab.taskId, { name: 'child', depends: { [root.id]: 'root' } });

    const cancelled = await http.post(`/jobs/${root.id}/cancel`);
    t.is(cancelled.status, 200, cancelled.text);
    t.is(cancelled.body.status, 'CANCELLED');
    t.is(await statusOf(http, child.id), 'BLOCKED');
    t.is((await http.post(`/jobs/${root.id}/cancel`)).status, 409);

    const retried = await http.post(`/jobs/${root.id}/retry`);
    t.is(retried.status, 200, retried.text);
    t.is(retried.body.status, 'PENDING');
    t.is(await statusOf(http, child.id), 'PENDING');
    t.is((await http.post(`/jobs/${root.id}/retry`)).status, 409, 'a PENDING job is not retried');

    // A running, leased job: cancelled, and its worker learns it at the next heartbeat.
    const claim = await http.get(`/projects/${lab.projectId}/fetch_job?client_id=${client}`);
    t.is(claim.body.job.id, root.id);
    await http.post(`/jobs/${root.id}/start`, { client_id: client });
    t.deepEqual((await http.post(`/clients/${client}/heartbeat`)).body.held_job_ids, [root.id]);
    t.is((await http.post(`/jobs/${root.id}/cancel`)).body.status, 'CANCELLED');
    t.deepEqual((await http.post(`/clients/${client}/heartbeat`)).body.held_job_ids, []);
    t.is((await http.post(`/jobs/${root.id}/complete`, { client_id: client })).status, 409);

    // FAILED → retry; COMPLETED cannot be cancelled.
    await http.post(`/jobs/${root.id}/retry`);
    t.is((await fetchJob(http, lab.projectId)).job.id, root.id);
    t.is((await setStatus(http, root.id, 'RUNNING')).status, 200);
    t.is((await setStatus(http, root.id, 'COMPLETED')).status, 200);
    const late = await http.post(`/jobs/${root.id}/cancel`);
    t.is(late.status, 409);
    t.true(late.body.detail.includes('COMPLETED'), late.text);
    t.is((await http.post(`/jobs/${root.id}/retry`)).status, 409, 'a COMPLETED job is not retried');
    t.is((await fetchJob(http, lab.projectId)).job.id, child.id);
  });

  test(title('whole-DAG batch: keys, {"position": n} and existing ids; order of claims follows the graph'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const existing = await submitJob(http, lab.projectId, lab.taskId, { name: 'existing' });
    const answer = await http.post(`/projects/${lab.projectId}/jobs/batch`, {
      jobs: [
        { key: 'prep', name: 'prep', task_id: lab.taskId, parameters: { step: 1 } },
        { key: 'train', name: 'train', task_id: lab.taskId, depends_on: ['prep', existing.id] },
        { name: 'eval', task_id: lab.taskId, depends_on: [{ position: 1 }] },
        { name: 'report', task_id: lab.taskId, depends_on: ['train', { position: 2 }], depends: {} },
      ],
    });
    t.is(answer.status, 201, answer.text);
    t.is(answer.body.created, 4);
    const [prep, train, evaluate, report] = answer.body.job_ids as number[];
    t.deepEqual(Object.keys((await http.get(`/jobs/${train}`)).body.depends).map(Number).sort((a, b) => a - b), [existing.id, prep!].sort((a, b) => a - b));
    t.deepEqual((await http.get(`/jobs/${evaluate}`)).body.depends, { [train!]: 'train' });
    t.deepEqual(Object.keys((await http.get(`/jobs/${report}`)).body.depends).map(Number).sort((a, b) => a - b), [train!, evaluate!]);

    const run = async (expected: number) => {
      const claimed = await fetchJob(http, lab.projectId);
      t.is(claimed.job?.id, expected);
      await setStatus(http, expected, 'RUNNING');
      await setStatus(http, expected, 'COMPLETED');
    };
    const first = await fetchJob(http, lab.projectId);
    t.is(first.job.id, existing.id);
    t.is((await fetchJob(http, lab.projectId)).job.id, prep);
    const stuck = await fetchJob(http, lab.projectId);
    t.is(stuck.job, null, 'train waits for both');
    t.is(stuck.num_pending, 3);
    for (const id of [existing.id, prep!]) {
      await setStatus(http, id, 'RUNNING');
      await setStatus(http, id, 'COMPLETED');
    }
    await run(train!);
    await run(evaluate!);
    await run(report!);
    t.is((await fetchJob(http, lab.projectId)).num_pending, 0);
  });

  test(title('whole-DAG batch: a cycle, an unknown key or position is 400 and stores nothing'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const batch = (jobs: unknown[]) => http.post(`/projects/${lab.projectId}/jobs/batch`, { jobs });
    const cycle = await batch([
      { key: 'a', name: 'a', task_id: lab.taskId, depends_on: ['c'] },
      { key: 'b', name: 'b', task_id: lab.taskId, depends_on: ['a'] },
      { key: 'c', name: 'c', task_id: lab.taskId, depends_on: [{ position: 1 }] },
    ]);
    t.is(cycle.status, 400, cycle.text);
    t.regex(cycle.body.detail, /circular|cycle/i);
    const self = await batch([{ key: 'a', name: 'a', task_id: lab.taskId, depends_on: ['a'] }]);
    t.is(self.status, 400, self.text);
    const unknownKey = await batch([{ name: 'a', task_id: lab.taskId, depends_on: ['nowhere'] }]);
    t.is(unknownKey.status, 400, unknownKey.text);
    t.true(unknownKey.body.detail.includes('nowhere'), unknownKey.text);
    const unknownPosition = await batch([{ name: 'a', task_id: lab.taskId, depends_on: [{ position: 7 }] }]);
    t.is(unknownPosition.status, 400, unknownPosition.text);
    t.true(unknownPosition.body.detail.includes('7'), unknownPosition.text);
    const unknownId = await batch([{ name: 'a', task_id: lab.taskId }, { name: 'b', task_id: lab.taskId, depends_on: [987654321] }]);
    t.is(unknownId.status, 400);
    t.true(unknownId.body.detail.includes('987654321'));
    const duplicateKey = await batch([{ key: 'k', name: 'a', task_id: lab.taskId }, { key: 'k', name: 'b', task_id: lab.taskId }]);
    t.true(duplicateKey.status >= 400 && duplicateKey.status < 500, duplicateKey.text);
    t.deepEqual((await http.get(`/jobs?project_id=${lab.projectId}`)).body, [], 'no job of any refused batch was stored');
  });

  test(title('GET /projects/{id}/stats counts jobs by status and by task'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const second = await createTask(http, lab.projectId, 'second');
    await submitBatch(http, lab.projectId, [
      { name: 'a', task_id: lab.taskId, priority: 3 },
      { name: 'b', task_id: lab.taskId, priority: 2 },
      { name: 'c', task_id: second.id },
      { name: 'd', task_id: second.id },
    ]);
    const a = (await fetchJob(http, lab.projectId)).job.id;
    const b = (await fetchJob(http, lab.projectId)).job.id;
    await setStatus(http, a, 'RUNNING');
    await setStatus(http, b, 'FAILED');
    const answer = await http.get(`/projects/${lab.projectId}/stats`);
    t.is(answer.status, 200, answer.text);
    t.is(answer.body.project_id, lab.projectId);
    t.is(answer.body.total, 4);
    t.deepEqual(answer.body.by_status, { PENDING: 2, QUEUED: 0, RUNNING: 1, COMPLETED: 0, FAILED: 1, BLOCKED: 0, CANCELLED: 0 });
    t.deepEqual(
      (answer.body.by_task as { task_id: number; task_name: string; total: number; by_status: Record<string, number> }[]).map((x) => [x.task_id, x.task_name, x.total, x.by_status['PENDING']]),
      [
        [lab.taskId, lab.taskName, 2, 0],
        [second.id, 'second', 2, 2],
      ],
    );
    const empty = await createLab(http);
    t.is((await http.get(`/projects/${empty.projectId}/stats`)).body.total, 0);
  });

  test(title('GET /metrics is Prometheus text with whatsnext_http_requests_total by route'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    await http.get(`/projects/${lab.projectId}/fetch_job`);
    const answer = await http.get('/metrics');
    t.is(answer.status, 200);
    t.regex(answer.headers.get('content-type') ?? '', /^text\/plain/);
    t.regex(answer.text, /^# TYPE whatsnext_http_requests_total counter$/m);
    t.regex(answer.text, /^whatsnext_http_requests_total\{[^}]*route="\/projects\/:project_id\/fetch_job"[^}]*\} \d+/m);
    t.false(answer.text.includes(`/projects/${lab.projectId}/fetch_job`), 'labels are route patterns, never raw URLs');
    t.regex(answer.text, /^whatsnext_claims_total\{result="empty"\} \d+/m);
  });

  test(title('GET /openapi.json describes every route of the table; /docs is an HTML page'), async (t) => {
    const server = await shared();
    const answer = await server.http.get('/openapi.json');
    t.is(answer.status, 200);
    t.regex(answer.headers.get('content-type') ?? '', /json/);
    const documented: string[] = [];
    for (const [path, operations] of Object.entries(answer.body.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(operations)) documented.push(`${method} ${path}`);
    }
    t.deepEqual(documented.sort(), routeTable(server).map(routeKey).sort());
    const fetchJobOp = answer.body.paths['/projects/{project_id}/fetch_job'].get;
    t.true((fetchJobOp.parameters as { name: string }[]).some((p) => p.name === 'wait'));
    t.is(answer.body.paths['/jobs/'].post.requestBody.required, true);
    const docs = await server.http.get('/docs');
    t.is(docs.status, 200);
    t.regex(docs.headers.get('content-type') ?? '', /^text\/html/);
    t.regex(docs.text, /<html/i);
    t.true(docs.text.includes('/openapi.json'));
  });

  test.serial(title('WHATSNEXT_LEASE_SECONDS=1: an unrenewed lease goes back to PENDING; renewed ones stay, and with WHATSNEXT_UNLEASED_CLAIM_SECONDS=0 claims without client_id'), async (t) => {
    const server = await start({ WHATSNEXT_LEASE_SECONDS: '1', WHATSNEXT_UNLEASED_CLAIM_SECONDS: '0' });
    const { http } = server;
    const lab = await createLab(http);
    const client = await registerClient(http);
    const [leased = 0, anonymous = 0] = await submitBatch(http, lab.projectId, [
      { name: 'leased', task_id: lab.taskId, priority: 1 },
      { name: 'anonymous', task_id: lab.taskId },
    ]);
    const claim = await http.get(`/projects/${lab.projectId}/fetch_job?client_id=${client}`);
    t.is(claim.body.job.id, leased);
    const expires = Date.parse(claim.body.lease_expires_at) - Date.now();
    t.true(expires > 0 && expires <= 1_100, `a 1 s lease (${expires} ms left)`);
    t.is((await fetchJob(http, lab.projectId)).job.id, anonymous, 'claimed without client_id');
    t.is((await http.get(`/jobs/${anonymous}`)).body.lease_expires_at, null, 'no expiry without client_id');

    // Heartbeats every 150 ms keep the lease for 2.5 s, more than twice its length.
    const until = Date.now() + 2_500;
    while (Date.now() < until) {
      const beat = await http.post(`/clients/${client}/heartbeat`);
      t.deepEqual(beat.body.held_job_ids, [leased]);
      await sleep(150);
    }
    t.is(await statusOf(http, leased), 'QUEUED', 'renewed: still held');
    t.is((await http.get(`/jobs/${leased}`)).body.lease_owner, client);

    // No more heartbeats: the lease lapses and the sweeper (every second) requeues the job.
    const deadline = Date.now() + 6_000;
    while ((await statusOf(http, leased)) !== 'PENDING' && Date.now() < deadline) await sleep(100);
    const expired = (await http.get(`/jobs/${leased}`)).body;
    t.is(expired.status, 'PENDING');
    t.is(expired.lease_owner, null);
    t.regex(String(expired.failure_reason), /lease/);
    t.deepEqual((await http.post(`/clients/${client}/heartbeat`)).body.held_job_ids, [], 'the worker learns it lost the job');
    t.is((await http.post(`/jobs/${leased}/start`, { client_id: client })).status, 409, 'its late report is refused');

    // The claim without client_id never expires (WHATSNEXT_UNLEASED_CLAIM_SECONDS=0).
    await sleep(1_200);
    t.is(await statusOf(http, anonymous), 'QUEUED');
    const other = await registerClient(http);
    t.is((await http.get(`/projects/${lab.projectId}/fetch_job?client_id=${other}`)).body.job.id, leased, 'someone else may take it');
    await server.close();
  });
});
