import test, { type ExecutionContext } from 'ava';
import { createLab, fetchJob, forEachStore, ISO_Z, submitBatch, submitJob, unique, type Answer, type Http } from './server-harness.js';

/**
 * `POST /jobs/reports` with `claim` (extension): a worker's reports and its next claim in one
 * request, the claim made after the reports in their transaction.
 */

const CLAIMED_JOB_KEYS = ['created_at', 'depends', 'id', 'name', 'parameters', 'priority', 'project_id', 'status', 'task_id', 'task_name', 'updated_at'];
const OFFER = { available_cpu: 4, available_accelerators: 0 };

const registerClient = async (http: Http): Promise<string> => {
  const id = unique('rc').replace(/[^a-zA-Z0-9_-]/g, '');
  const answer = await http.post('/clients/register', { id, name: id, entity: 'lab', available_cpu: 4 });
  if (answer.status !== 201) throw new Error(`register: ${answer.status} ${answer.text}`);
  return id;
};

/** Claims the project's next job for `client` (it must be `jobId`). */
const claimAs = async (t: ExecutionContext, http: Http, projectId: number, client: string, jobId: number): Promise<void> => {
  t.is((await fetchJob(http, projectId, `?client_id=${client}&available_cpu=4`)).job?.id, jobId);
};

const validationAt = (t: ExecutionContext, answer: Answer, loc: readonly (string | number)[]): void => {
  t.is(answer.status, 422, answer.text);
  t.true(
    (answer.body.detail as { loc: unknown[] }[]).some((issue) => JSON.stringify(issue.loc) === JSON.stringify(loc)),
    `no issue at ${JSON.stringify(loc)}: ${answer.text}`,
  );
};

forEachStore((store, { shared }) => {
  const title = (text: string) => `${store}: ${text}`;

  test(title('reports and a claim in one request: results per report, then the claimed jobs with their tasks, leased to the worker'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http, { command_template: 'run {x}' });
    const [a, b, c] = await submitBatch(http, lab.projectId, [0, 1, 2].map((i) => ({ name: `j${i}`, task_id: lab.taskId, parameters: { x: 1.5 } })));
    const client = await registerClient(http);
    await claimAs(t, http, lab.projectId, client, a!);
    const answer = await http.post('/jobs/reports', {
      client_id: client,
      reports: [
        { job_id: a, action: 'start' },
        { job_id: a, action: 'complete' },
      ],
      claim: { project_id: lab.projectId, ...OFFER, limit: 2, fit: 'each' },
    });
    t.is(answer.status, 200, answer.text);
    t.deepEqual(answer.body.results, [
      { job_id: a, status: 'RUNNING' },
      { job_id: a, status: 'COMPLETED' },
    ]);
    const { claim } = answer.body;
    t.is(claim.job.id, b);
    t.deepEqual(Object.keys(claim.job).sort(), CLAIMED_JOB_KEYS);
    t.is(claim.task.id, lab.taskId);
    t.is(claim.task.command_template, 'run {x}');
    t.regex(claim.lease_expires_at, ISO_Z);
    t.deepEqual(
      claim.more.map((entry: { job: { id: number }; task: { id: number } }) => [entry.job.id, entry.task.id]),
      [[c, lab.taskId]],
    );
    // The parameters travel as submitted.
    t.true(answer.text.includes('"parameters":{"x":1.5}'));
    for (const id of [b, c]) t.like((await http.get(`/jobs/${id}`)).body, { status: 'QUEUED', lease_owner: client });
    // tasks: once leaves out a task that came earlier in the answer.
    await http.post(`/jobs/${b}/release`, { client_id: client });
    await http.post(`/jobs/${c}/release`, { client_id: client });
    const d = await submitJob(http, lab.projectId, lab.taskId);
    await claimAs(t, http, lab.projectId, client, b!);
    const once = await http.post('/jobs/reports', {
      client_id: client,
      reports: [{ job_id: b, action: 'start' }],
      claim: { project_id: lab.projectId, ...OFFER, limit: 2, fit: 'each', tasks: 'once' },
    });
    t.is(once.body.claim.job.id, c);
    t.deepEqual(once.body.claim.more.map((entry: object) => Object.keys(entry)), [['job']]);
    t.is(once.body.claim.more[0].job.id, d.id);
  });

  test(title('refused reports answer each on its own, and the claim still happens'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const [held, other, next] = await submitBatch(http, lab.projectId, [0, 1, 2].map((i) => ({ name: `j${i}`, task_id: lab.taskId })));
    const client = await registerClient(http);
    const stranger = await registerClient(http);
    await claimAs(t, http, lab.projectId, client, held!);
    await claimAs(t, http, lab.projectId, stranger, other!);
    const answer = await http.post('/jobs/reports', {
      client_id: client,
      reports: [
        { job_id: held, action: 'start' },
        { job_id: other, action: 'start' },
        { job_id: 999_999, action: 'complete' },
      ],
      claim: { project_id: lab.projectId, ...OFFER },
    });
    t.is(answer.status, 200, answer.text);
    const [started, stolen, missing] = answer.body.results;
    t.deepEqual(started, { job_id: held, status: 'RUNNING' });
    t.like(stolen, { job_id: other, error: { status: 409 } });
    t.like(missing, { job_id: 999_999, error: { status: 404 } });
    t.is(answer.body.claim.job.id, next);
    t.deepEqual(answer.body.claim.more, []);
    t.like((await http.get(`/jobs/${other}`)).body, { status: 'QUEUED', lease_owner: stranger });
  });

  test(title('a completion that makes a dependent ready hands it to the same request, in claim order'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const [first, second, third] = await submitBatch(http, lab.projectId, [
      { name: 'first', task_id: lab.taskId, key: 'first' },
      { name: 'second', task_id: lab.taskId, key: 'second', depends_on: ['first'] },
      { name: 'third', task_id: lab.taskId, depends_on: ['second'] },
    ]);
    const client = await registerClient(http);
    await claimAs(t, http, lab.projectId, client, first!);
    const reportsOf = (id: number) => [
      { job_id: id, action: 'start' },
      { job_id: id, action: 'complete' },
    ];
    const ready = await http.post('/jobs/reports', { client_id: client, reports: reportsOf(first!), claim: { project_id: lab.projectId, ...OFFER } });
    t.is(ready.body.claim.job.id, second, 'the dependent the completion made ready');
    // Claim order still rules: a ready job of higher priority comes before the new dependent.
    const urgent = await submitJob(http, lab.projectId, lab.taskId, { priority: 5 });
    const ordered = await http.post('/jobs/reports', { client_id: client, reports: reportsOf(second!), claim: { project_id: lab.projectId, ...OFFER, limit: 1 } });
    t.is(ordered.body.claim.job.id, urgent.id);
    t.like((await http.get(`/jobs/${third}`)).body, { status: 'PENDING' });
  });

  test(title('a claim that finds nothing answers at once without a wait, and with one takes the job submitted meanwhile'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    const client = await registerClient(http);
    await claimAs(t, http, lab.projectId, client, job.id);
    const empty = await http.post('/jobs/reports', { client_id: client, reports: [{ job_id: job.id, action: 'start' }], claim: { project_id: lab.projectId, ...OFFER } });
    t.deepEqual(empty.body, { results: [{ job_id: job.id, status: 'RUNNING' }], claim: { job: null, num_pending: null, task: null, lease_expires_at: null, more: [] } });
    const waiting = http.post('/jobs/reports', {
      client_id: client,
      reports: [{ job_id: job.id, action: 'complete' }],
      claim: { project_id: lab.projectId, ...OFFER, wait: 30 },
    });
    // The reports are applied before the claim waits.
    for (let seen = ''; seen !== 'COMPLETED'; ) seen = (await http.get(`/jobs/${job.id}`)).body.status;
    const later = await submitJob(http, lab.projectId, lab.taskId);
    const answer = await waiting;
    t.deepEqual(answer.body.results, [{ job_id: job.id, status: 'COMPLETED' }]);
    t.is(answer.body.claim.job.id, later.id);
  });

  test(title('an unknown project refuses the claim alone: the reports are applied'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    const client = await registerClient(http);
    await claimAs(t, http, lab.projectId, client, job.id);
    const answer = await http.post('/jobs/reports', { client_id: client, reports: [{ job_id: job.id, action: 'start' }], claim: { project_id: 999_999, ...OFFER } });
    t.is(answer.status, 200, answer.text);
    t.deepEqual(answer.body.results, [{ job_id: job.id, status: 'RUNNING' }]);
    t.is(answer.body.claim.error.status, 404);
    t.regex(answer.body.claim.error.detail, /999999/);
  });

  test(title('a reports-only body answers exactly as before: no claim, nothing claimed'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const [job, waiting] = await submitBatch(http, lab.projectId, [0, 1].map((i) => ({ name: `j${i}`, task_id: lab.taskId })));
    const client = await registerClient(http);
    await claimAs(t, http, lab.projectId, client, job!);
    const answer = await http.post('/jobs/reports', { client_id: client, reports: [{ job_id: job, action: 'start' }] });
    t.deepEqual(answer.body, { results: [{ job_id: job, status: 'RUNNING' }] });
    t.like((await http.get(`/jobs/${waiting}`)).body, { status: 'PENDING' });
  });

  test(title('bad claims are 422s naming the field'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    const client = await registerClient(http);
    const post = (claim: Record<string, unknown>, clientId: string | null = client) =>
      http.post('/jobs/reports', { ...(clientId === null ? {} : { client_id: clientId }), reports: [{ job_id: job.id, action: 'start' }], claim });
    const good = { project_id: lab.projectId, ...OFFER };
    validationAt(t, await post(good, null), ['body', 'client_id']);
    validationAt(t, await post({ ...good, limit: 0 }), ['body', 'claim', 'limit']);
    validationAt(t, await post({ ...good, limit: 1001 }), ['body', 'claim', 'limit']);
    validationAt(t, await post({ ...good, limit: 1.5 }), ['body', 'claim', 'limit']);
    validationAt(t, await post({ ...good, fit: 'loose' }), ['body', 'claim', 'fit']);
    validationAt(t, await post({ ...good, wait: 301 }), ['body', 'claim', 'wait']);
    validationAt(t, await post({ ...good, wait: -1 }), ['body', 'claim', 'wait']);
    validationAt(t, await post({ ...good, tasks: 'some' }), ['body', 'claim', 'tasks']);
    validationAt(t, await post({ ...good, available_memory_mb: -1 }), ['body', 'claim', 'available_memory_mb']);
    validationAt(t, await post({ project_id: lab.projectId, available_accelerators: 0 }), ['body', 'claim', 'available_cpu']);
    validationAt(t, await post({ ...good, project_id: 'one' }), ['body', 'claim', 'project_id']);
    const notAnObject = await http.post('/jobs/reports', { client_id: client, reports: [{ job_id: job.id, action: 'start' }], claim: 3 });
    validationAt(t, notAnObject, ['body', 'claim']);
    // Nothing was applied or claimed by the refused requests.
    t.like((await http.get(`/jobs/${job.id}`)).body, { status: 'PENDING', lease_owner: null });
  });
});
