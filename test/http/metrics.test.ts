import test, { type ExecutionContext } from 'ava';
import { createProject, createTask, fetchJob, forEachStore, setStatus, sleep, submitBatch, unique, type Http } from './server-harness.js';
import { parseExposition, samplesOf, typesOf, type Sample } from './prometheus-text.js';

/**
 * `GET /metrics`: the scheduler's gauges (jobs by project, task and status; active workers and
 * their free capacity), its histograms (claim latency, run time) and counters (lease expiries,
 * retries), scraped from a real server after real claims and reports.
 */

const registerWorker = async (http: Http, resources: { cpu: number; accelerators: number; memoryMb: number }): Promise<string> => {
  const id = unique('mw').replace(/[^a-zA-Z0-9_-]/g, '');
  const answer = await http.post('/clients/register', {
    id,
    name: id,
    entity: 'lab',
    available_cpu: resources.cpu,
    available_accelerators: resources.accelerators,
    available_memory_mb: resources.memoryMb,
  });
  if (answer.status !== 201) throw new Error(`register: ${answer.status} ${answer.text}`);
  return id;
};

const ok = async (t: ExecutionContext, answer: Promise<{ status: number; text: string }>, what: string): Promise<void> => {
  const { status, text } = await answer;
  t.true(status < 300, `${what}: ${status} ${text}`);
};

const claimFor = async (http: Http, projectId: number, worker: string): Promise<number | null> =>
  (await fetchJob(http, projectId, `?client_id=${worker}&available_cpu=8&available_accelerators=2&available_memory_mb=1024`)).job?.id ?? null;

const scrape = async (t: ExecutionContext, http: Http): Promise<{ samples: Sample[]; text: string }> => {
  const answer = await http.get('/metrics');
  t.is(answer.status, 200);
  return { samples: parseExposition(answer.text), text: answer.text };
};

const byLabels = (entries: readonly { labels: Record<string, string>; value: number }[]) =>
  [...entries].sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));

forEachStore((store, { start }) => {
  const title = (text: string) => `${store}: ${text}`;

  test.serial(title('/metrics: jobs by project, task and status; active workers and their free capacity; claim and run histograms; retries'), async (t) => {
    const { http } = await start();
    const alpha = await createProject(http);
    const beta = await createProject(http);
    // The same task name in two projects: the project label tells their series apart.
    const trainName = unique('train');
    const train = await createTask(http, alpha.id, trainName, { required_cpu: 2, required_accelerators: 1, required_memory_mb: 256 });
    const flaky = await createTask(http, alpha.id, unique('flaky'), { retry_on_failure: true, max_attempts: 3 });
    const other = await createTask(http, beta.id, trainName);
    const [j1, j2, j3, r1] = await submitBatch(http, alpha.id, [
      { name: 'j1', task_id: train.id, priority: 9 },
      { name: 'j2', task_id: train.id, priority: 8 },
      { name: 'j3', task_id: train.id, priority: 7 },
      { name: 'r1', task_id: flaky.id, priority: 1 },
    ]);
    const [, b2] = await submitBatch(http, beta.id, [
      { name: 'b1', task_id: other.id },
      { name: 'b2', task_id: other.id },
    ]);
    const busy = await registerWorker(http, { cpu: 8, accelerators: 2, memoryMb: 1024 });
    const idle = await registerWorker(http, { cpu: 4, accelerators: 0, memoryMb: 0 });
    const gone = await registerWorker(http, { cpu: 16, accelerators: 0, memoryMb: 0 });
    await ok(t, http.post(`/clients/${gone}/deactivate`), 'deactivate');

    // A run completed by its lease holder (the run reports' batch).
    t.is(await claimFor(http, alpha.id, busy), j1!);
    await ok(t, http.post(`/jobs/${j1}/start`, { client_id: busy }), 'start j1');
    await ok(t, http.post(`/jobs/${j1}/complete`, { client_id: busy }), 'complete j1');
    // Held: j2 RUNNING and j3 QUEUED, each 2 CPUs, 1 accelerator, 256 MB.
    t.is(await claimFor(http, alpha.id, busy), j2!);
    await ok(t, http.post(`/jobs/${j2}/start`, { client_id: busy }), 'start j2');
    t.is(await claimFor(http, alpha.id, busy), j3!);
    // The original client's way: an anonymous claim, its run reported by PUT; then retried on request.
    t.is((await fetchJob(http, alpha.id)).job.id, r1);
    await ok(t, setStatus(http, r1!, 'RUNNING'), 'r1 RUNNING');
    await ok(t, setStatus(http, r1!, 'FAILED'), 'r1 FAILED');
    await ok(t, http.post(`/jobs/${r1}/retry`), 'retry r1');
    // A lease holder's failure on a task that retries on failure: back to PENDING.
    t.is(await claimFor(http, alpha.id, busy), r1!);
    await ok(t, http.post(`/jobs/${r1}/start`, { client_id: busy }), 'start r1');
    const failed = await http.post(`/jobs/${r1}/fail`, { client_id: busy, reason: 'boom', exit_code: 3 });
    t.is(failed.body.status, 'PENDING', failed.text);
    await ok(t, http.post(`/jobs/${b2}/cancel`), 'cancel b2');
    // Nothing fits an exact offer of no CPU: an empty claim.
    t.is((await fetchJob(http, alpha.id, `?client_id=${idle}&exact=true&available_cpu=0`)).job, null);

    const { samples, text } = await scrape(t, http);
    const types = typesOf(text);
    t.is(types.get('whatsnext_jobs'), 'gauge');
    t.is(types.get('whatsnext_workers_active'), 'gauge');
    t.is(types.get('whatsnext_worker_free_cpu'), 'gauge');
    t.is(types.get('whatsnext_claim_duration_seconds'), 'histogram');
    t.is(types.get('whatsnext_job_run_duration_seconds'), 'histogram');
    t.is(types.get('whatsnext_lease_expiries_total'), 'counter');
    t.is(types.get('whatsnext_job_retries_total'), 'counter');

    const jobs = (project: string, task: string, status: string, value: number) => ({ labels: { project, task, status }, value });
    t.deepEqual(
      byLabels(samplesOf(samples, 'whatsnext_jobs')),
      byLabels([
        jobs(alpha.name, trainName, 'COMPLETED', 1),
        jobs(alpha.name, trainName, 'RUNNING', 1),
        jobs(alpha.name, trainName, 'QUEUED', 1),
        jobs(alpha.name, flaky.name, 'PENDING', 1),
        jobs(beta.name, trainName, 'PENDING', 1),
        jobs(beta.name, trainName, 'CANCELLED', 1),
      ]),
    );
    t.deepEqual(samplesOf(samples, 'whatsnext_workers_active'), [{ labels: {}, value: 2 }]);
    const free = (name: string) => byLabels(samplesOf(samples, name));
    t.deepEqual(free('whatsnext_worker_free_cpu'), byLabels([{ labels: { worker: busy }, value: 4 }, { labels: { worker: idle }, value: 4 }]));
    t.deepEqual(free('whatsnext_worker_free_accelerators'), byLabels([{ labels: { worker: busy }, value: 0 }, { labels: { worker: idle }, value: 0 }]));
    t.deepEqual(free('whatsnext_worker_free_memory_megabytes'), byLabels([{ labels: { worker: busy }, value: 512 }, { labels: { worker: idle }, value: 0 }]));

    t.deepEqual(
      byLabels(samplesOf(samples, 'whatsnext_claim_duration_seconds_count')),
      byLabels([{ labels: { result: 'job' }, value: 5 }, { labels: { result: 'empty' }, value: 1 }]),
    );
    t.deepEqual(
      byLabels(samplesOf(samples, 'whatsnext_job_run_duration_seconds_count')),
      byLabels([
        { labels: { project: alpha.name, task: trainName, outcome: 'completed' }, value: 1 },
        { labels: { project: alpha.name, task: flaky.name, outcome: 'failed' }, value: 2 },
      ]),
    );
    const infinite = samplesOf(samples, 'whatsnext_job_run_duration_seconds_bucket').filter((s) => s.labels['le'] === '+Inf');
    t.is(infinite.reduce((sum, s) => sum + s.value, 0), 3, 'every run falls in the +Inf bucket');
    t.deepEqual(
      byLabels(samplesOf(samples, 'whatsnext_job_retries_total')),
      byLabels([{ labels: { cause: 'failure' }, value: 1 }, { labels: { cause: 'request' }, value: 1 }]),
    );
    t.deepEqual(samplesOf(samples, 'whatsnext_lease_expiries_total'), [], 'no lease expired');
  });

  test.serial(title('/metrics: expired leases count by outcome (requeued, or failed out of attempts), and are no retries'), async (t) => {
    const { http } = await start({ WHATSNEXT_LEASE_SECONDS: '1' });
    const project = await createProject(http);
    const again = await createTask(http, project.id, unique('again'), { max_attempts: 3 });
    const once = await createTask(http, project.id, unique('once'), { max_attempts: 1 });
    const [requeued, exhausted] = await submitBatch(http, project.id, [
      { name: 'requeued', task_id: again.id, priority: 2 },
      { name: 'exhausted', task_id: once.id, priority: 1 },
    ]);
    const worker = await registerWorker(http, { cpu: 8, accelerators: 0, memoryMb: 0 });
    t.is(await claimFor(http, project.id, worker), requeued!);
    t.is(await claimFor(http, project.id, worker), exhausted!);
    // No heartbeat: the sweeper (every second, after a quiet first lease) expires both leases.
    const statusOf = async (id: number) => (await http.get(`/jobs/${id}`)).body.status as string;
    const deadline = Date.now() + 15_000;
    while (((await statusOf(requeued!)) !== 'PENDING' || (await statusOf(exhausted!)) !== 'FAILED') && Date.now() < deadline) await sleep(100);
    t.is(await statusOf(requeued!), 'PENDING');
    t.is(await statusOf(exhausted!), 'FAILED');

    const { samples } = await scrape(t, http);
    t.deepEqual(
      byLabels(samplesOf(samples, 'whatsnext_lease_expiries_total')),
      byLabels([{ labels: { outcome: 'requeued' }, value: 1 }, { labels: { outcome: 'failed' }, value: 1 }]),
    );
    t.deepEqual(samplesOf(samples, 'whatsnext_job_retries_total'), []);
    t.deepEqual(samplesOf(samples, 'whatsnext_job_run_duration_seconds_count'), [], 'no run was reported finished');
    t.deepEqual(
      byLabels(samplesOf(samples, 'whatsnext_jobs')),
      byLabels([
        { labels: { project: project.name, task: again.name, status: 'PENDING' }, value: 1 },
        { labels: { project: project.name, task: once.name, status: 'FAILED' }, value: 1 },
      ]),
    );
    t.deepEqual(samplesOf(samples, 'whatsnext_worker_free_cpu'), [{ labels: { worker }, value: 8 }], 'it holds nothing any more');
  });
});
