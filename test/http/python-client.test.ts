import test from 'ava';
import { createLab, fetchJob, forEachStore, setStatus, submitBatch, submitJob, unique, type Http } from './server-harness.js';

/**
 * The original Python client's (API.md B §6) and CLI's (B §7) request sequences, replayed as
 * TypeScript with exactly the bodies, query strings and status checks they use.
 */

/** The only keys `Job(**job)` accepts in fetch_job's job (A.3). */
const CLAIMED_JOB_KEYS = ['created_at', 'depends', 'id', 'name', 'parameters', 'priority', 'project_id', 'status', 'task_id', 'task_name', 'updated_at'];

/** `Server.append_project(name, description)`: exactly 201, else None. */
const appendProject = async (http: Http, name: string, description = ''): Promise<number | null> => {
  const answer = await http.post('/projects', { name, description });
  return answer.status === 201 ? (answer.body.id as number) : null;
};

/** `Server.get_project(name)`: ok → id, else None. */
const getProject = async (http: Http, name: string): Promise<number | null> => {
  const answer = await http.get(`/projects/name/${encodeURIComponent(name)}`);
  return answer.status < 400 ? (answer.body.id as number) : null;
};

/** `Project.create_task(name)`: exactly 201. */
const createTask = async (http: Http, projectId: number, name: string): Promise<boolean> =>
  (await http.post('/tasks', { name, project_id: projectId })).status === 201;

interface PyJob {
  name: string;
  task: string;
  parameters: Record<string, unknown>;
  priority?: number;
}

/** `Project.append_queue(job)`: task lookup, then POST /jobs with all seven keys; exactly 201. */
const appendQueue = async (http: Http, projectId: number, job: PyJob): Promise<boolean> => {
  const task = await http.get(`/tasks/name/${encodeURIComponent(job.task)}?project_id=${projectId}`);
  if (task.status >= 400) return false;
  const answer = await http.post('/jobs', {
    name: job.name,
    project_id: projectId,
    parameters: job.parameters,
    task_id: task.body.id,
    status: 'PENDING',
    priority: job.priority ?? 0,
    depends: {},
  });
  return answer.status === 201;
};

/** `Project.extend_queue(jobs)`: one task lookup per job, then the batch; exactly 201 → job_ids. */
const extendQueue = async (http: Http, projectId: number, jobs: readonly PyJob[]): Promise<{ created: number; job_ids: number[] } | null> => {
  const specs = [];
  for (const job of jobs) {
    const task = await http.get(`/tasks/name/${encodeURIComponent(job.task)}?project_id=${projectId}`);
    if (task.status >= 400) continue;
    specs.push({ name: job.name, task_id: task.body.id, parameters: job.parameters, priority: job.priority ?? 0, depends: {} });
  }
  const answer = await http.post(`/projects/${projectId}/jobs/batch`, { jobs: specs });
  return answer.status === 201 ? answer.body : null;
};

/**
 * `Project.fetch_job(cpu, acc)`: raise_for_status; num_pending == 0 → EmptyQueueError; else the job
 * dict minus project_id/task_id, task = task_name, `Job(**rest)`.
 */
const pyFetchJob = async (http: Http, projectId: number, cpu = 0, accelerators = 0) => {
  const query = [cpu > 0 ? `available_cpu=${cpu}` : '', accelerators > 0 ? `available_accelerators=${accelerators}` : ''].filter((q) => q).join('&');
  const answer = await http.get(`/projects/${projectId}/fetch_job${query ? `?${query}` : ''}`);
  if (answer.status >= 400) throw new Error(`fetch_job: ${answer.status}`);
  if (answer.body.num_pending === 0) return { empty: true as const, answer };
  return { empty: false as const, answer, job: answer.body.job as Record<string, unknown> | null };
};

forEachStore((store, { shared }) => {
  const title = (text: string) => `${store}: ${text}`;

  test(title('Server/Project: create, look up, describe, create tasks'), async (t) => {
    const { http } = await shared();
    t.is((await http.get('/')).status, 200, 'Server(host, port) calls GET /');
    const name = unique('py project');
    const id = await appendProject(http, name, 'first');
    t.not(id, null, 'append_project needs exactly 201');
    t.is(await getProject(http, name), id);
    t.is(await getProject(http, `${name}-missing`), null);
    t.is(await appendProject(http, name), null, 'a duplicate name is not 201');

    // Project.name/description/status/created_at/last_updated: GET /projects/{id}.
    const project = (await http.get(`/projects/${id}`)).body;
    t.is(project.name, name);
    t.is(project.description, 'first');
    t.is(project.status, 'ACTIVE');
    t.false(Number.isNaN(Date.parse(project.created_at)));
    t.false(Number.isNaN(Date.parse(project.updated_at)));

    // Project.set_description: GET ×2, PUT {name, description, status} with the status as read.
    const read = (await http.get(`/projects/${id}`)).body;
    const put = await http.put(`/projects/${id}`, { name: read.name, description: 'second', status: read.status });
    t.is(put.status, 200, put.text);
    t.is(put.body.data.description, 'second');
    t.is(put.body.data.status, 'ACTIVE');

    t.true(await createTask(http, id!, 'train'));
    t.false(await createTask(http, id!, 'train'), 'a duplicate task is not 201');

    // Server.list_projects(limit=10, skip=0, status="ACTIVE").
    const listed = await http.get('/projects?limit=10000&skip=0&status_filter=ACTIVE');
    t.is(listed.status, 200);
    t.true((listed.body as { id: number }[]).some((p) => p.id === id));
  });

  test(title('append_queue, extend_queue, queue, fetch_job and Job.set_status RUNNING → COMPLETED'), async (t) => {
    const { http } = await shared();
    const projectId = (await appendProject(http, unique('work')))!;
    t.true(await createTask(http, projectId, 'train'));
    t.true(await appendQueue(http, projectId, { name: 'single', task: 'train', parameters: { lr: 0.5 }, priority: 1 }));
    t.false(await appendQueue(http, projectId, { name: 'nope', task: 'no-such-task', parameters: {} }), 'unknown task: the lookup fails');

    const extended = await extendQueue(http, projectId, [
      { name: 'b0', task: 'train', parameters: { i: 0 } },
      { name: 'b1', task: 'train', parameters: { i: 1 } },
      { name: 'skipped', task: 'no-such-task', parameters: {} },
      { name: 'b2', task: 'train', parameters: { i: 2 }, priority: 5 },
    ]);
    t.not(extended, null);
    t.is(extended!.created, 3);
    t.is(extended!.job_ids.length, 3);
    const names = [];
    for (const id of extended!.job_ids) names.push((await http.get(`/jobs/${id}`)).body.name);
    t.deepEqual(names, ['b0', 'b1', 'b2'], 'job_ids in request order');

    // Project.queue: GET /jobs?project_id=P (server default limit).
    const queue = await http.get(`/jobs?project_id=${projectId}`);
    t.is(queue.status, 200);
    t.deepEqual((queue.body as { name: string }[]).map((j) => j.name), ['single', 'b0', 'b1', 'b2']);

    // fetch_job: priority DESC then id; num_pending counts the returned job.
    const order: string[] = [];
    const pendings: number[] = [];
    for (;;) {
      const fetched = await pyFetchJob(http, projectId);
      if (fetched.empty) {
        t.is(fetched.answer.body.job, null);
        break;
      }
      const job = fetched.job!;
      t.deepEqual(Object.keys(job).sort(), CLAIMED_JOB_KEYS, 'Job(**job) accepts these keys only');
      t.is(job['status'], 'QUEUED');
      t.is(job['task_name'], 'train');
      order.push(job['name'] as string);
      pendings.push(fetched.answer.body.num_pending);
    }
    t.deepEqual(order, ['b2', 'single', 'b0', 'b1']);
    t.deepEqual(pendings, [4, 3, 2, 1], 'the last job still comes with num_pending >= 1');

    // Job.run: set_status("RUNNING"), then set_status("COMPLETED"): GET, PUT the same dict.
    const jobId = extended!.job_ids[2]!;
    const running = await setStatus(http, jobId, 'RUNNING');
    t.is(running.status, 200, running.text);
    t.deepEqual(Object.keys(running.body), ['data']);
    t.is(running.body.data.status, 'RUNNING');
    const completed = await setStatus(http, jobId, 'COMPLETED');
    t.is(completed.status, 200, completed.text);
    t.is(completed.body.data.status, 'COMPLETED');
    t.is((await http.get(`/jobs/${jobId}`)).body.status, 'COMPLETED');

    // Job.set_priority_to: GET, PUT the same dict with another priority (allowed after the job ran).
    const got = (await http.get(`/jobs/${jobId}`)).body;
    const priority = await http.put(`/jobs/${jobId}`, { ...got, priority: 9 });
    t.is(priority.status, 200, priority.text);
    t.is(priority.body.data.priority, 9);
    t.is(priority.body.data.status, 'COMPLETED');
  });

  test(title('fetch_job with the original resource filter (0 = no limit)'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const big = await http.post('/tasks', { name: 'big', project_id: lab.projectId, required_cpu: 4, required_accelerators: 2 });
    t.is(big.status, 201);
    const heavy = await submitJob(http, lab.projectId, big.body.id, { name: 'heavy', priority: 10 });
    const light = await submitJob(http, lab.projectId, lab.taskId, { name: 'light' });
    // Client.work() default: available_cpu=1 → the 4-cpu job is skipped.
    const first = await pyFetchJob(http, lab.projectId, 1);
    t.false(first.empty);
    t.is(first.job!['id'], light.id);
    t.is(first.answer.body.num_pending, 2, 'num_pending counts every PENDING job, the skipped one too');
    // Pending but nothing fits: job null with num_pending > 0 (the original client then crashes; not ours to fix).
    const none = await pyFetchJob(http, lab.projectId, 1);
    t.false(none.empty);
    t.is(none.job, null);
    t.is(none.answer.body.num_pending, 1);
    // 8 cpu and 0 accelerators: 0 means no limit, so a 2-accelerator job fits.
    const fits = await pyFetchJob(http, lab.projectId, 8, 0);
    t.is(fits.job!['id'], heavy.id);
    t.true((await pyFetchJob(http, lab.projectId)).empty);
  });

  test(title('illegal transitions through Job.set_status are 409 naming the job and its state'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    const early = await setStatus(http, job.id, 'RUNNING');
    t.is(early.status, 409, early.text);
    t.true(early.body.detail.includes(String(job.id)), early.text);
    t.true(early.body.detail.includes('PENDING'), early.text);
    t.is((await http.get(`/jobs/${job.id}`)).body.status, 'PENDING', 'nothing changed');
    await fetchJob(http, lab.projectId);
    t.is((await setStatus(http, job.id, 'RUNNING')).status, 200);
    t.is((await setStatus(http, job.id, 'COMPLETED')).status, 200);
    const again = await setStatus(http, job.id, 'RUNNING');
    t.is(again.status, 409);
    t.true(again.body.detail.includes('COMPLETED'), again.text);
    const blocked = await setStatus(http, job.id, 'BLOCKED');
    t.is(blocked.status, 409);
    // QUEUED → FAILED (could not start) is legal.
    const other = await submitJob(http, lab.projectId, lab.taskId);
    await fetchJob(http, lab.projectId);
    const failed = await setStatus(http, other.id, 'FAILED');
    t.is(failed.status, 200, failed.text);
    t.is(failed.body.data.status, 'FAILED');
  });

  test(title('Job.set_depends_to: GET, PUT the same dict with depends {str(id): name}'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const first = await submitJob(http, lab.projectId, lab.taskId, { name: 'first', priority: 0 });
    const second = await submitJob(http, lab.projectId, lab.taskId, { name: 'second', priority: 5 });
    const got = (await http.get(`/jobs/${second.id}`)).body;
    const put = await http.put(`/jobs/${second.id}`, { ...got, depends: { [String(first.id)]: 'first' } });
    t.is(put.status, 200, put.text);
    t.deepEqual(put.body.data.depends, { [String(first.id)]: 'first' });
    t.is(put.body.data.status, 'PENDING');
    // The higher priority no longer wins: it waits for its new dependency.
    t.is((await fetchJob(http, lab.projectId)).job.id, first.id);
    t.is((await fetchJob(http, lab.projectId)).job, null);
    await setStatus(http, first.id, 'RUNNING');
    await setStatus(http, first.id, 'COMPLETED');
    t.is((await fetchJob(http, lab.projectId)).job.id, second.id);
  });

  // BUG (src/application/jobs/update-job.ts, `edit`: `changes.parameters !== job.parameters` compares
  // TEXTS): the Python client's Job.set_status PUTs back what GET /jobs/{id} returned, re-serialised
  // by Python's json, which re-spells number literals (1e-7 → 1e-07, 2e5 → 200000.0, 1.50 → 1.5)
  // and escapes non-ASCII. For a job submitted with such literals (by curl, a JS client, a
  // hand-written file) and then claimed, PUT /jobs/{id} with the same values and status RUNNING
  // answers 409 `{"detail":"Job N is QUEUED: cannot change its parameters (it has already been
  // claimed)."}`, so Job.run() / Client.work() cannot run the job. Expected: equal values are no
  // change (compare parsed values, losslessly), 200 with status RUNNING and the parameters kept.
  test(title('Job.set_status works when Python re-spells the numbers of the parameters it got'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const created = await http.post('/jobs', `{"name": "lr", "project_id": ${lab.projectId}, "task_id": ${lab.taskId}, "parameters": {"lr": 1e-7, "steps": 2e5, "x": 1.50, "name": "\u00fc"}}`);
    t.is(created.status, 201, created.text);
    const id = created.body.id as number;
    t.is((await fetchJob(http, lab.projectId)).job.id, id);
    const got = (await http.get(`/jobs/${id}`)).body;
    // json.dumps(dict) as requests sends it: Python's spelling of the same values.
    const pythonText = `{"id": ${id}, "name": "lr", "project_id": ${lab.projectId}, "task_id": ${lab.taskId}, "parameters": {"lr": 1e-07, "steps": 200000.0, "x": 1.5, "name": "\\u00fc"}, "status": "RUNNING", "priority": 0, "depends": {}, "created_at": "${got.created_at}", "updated_at": "${got.updated_at}"}`;
    t.deepEqual(JSON.parse(pythonText).parameters, got.parameters, 'the same values');
    const running = await http.put(`/jobs/${id}`, pythonText);
    t.is(running.status, 200, running.text);
    t.is(running.body.data?.status, 'RUNNING');
  });

  test(title('CLI jobs retry: GET status FAILED, PUT status PENDING unblocks the dependents'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const root = await submitJob(http, lab.projectId, lab.taskId, { name: 'root' });
    const child = await submitJob(http, lab.projectId, lab.taskId, { name: 'child', depends: { [root.id]: 'root' } });
    const grandchild = await submitJob(http, lab.projectId, lab.taskId, { name: 'grandchild', depends: { [child.id]: 'child' } });
    t.is((await fetchJob(http, lab.projectId)).job.id, root.id);
    t.is((await setStatus(http, root.id, 'RUNNING')).status, 200);
    t.is((await setStatus(http, root.id, 'FAILED')).status, 200);
    t.is((await http.get(`/jobs/${child.id}`)).body.status, 'BLOCKED', 'failure propagates');
    t.is((await http.get(`/jobs/${grandchild.id}`)).body.status, 'BLOCKED', 'transitively');
    const deps = await http.get(`/jobs/${child.id}/dependencies`);
    t.is(deps.body.has_failed, true);
    t.deepEqual(deps.body.dependencies, [{ job_id: root.id, job_name: 'root', status: 'FAILED' }]);

    // jobs retry ID: GET /jobs/ID; only if status is exactly "FAILED" or "BLOCKED": PUT the full body with "PENDING".
    const got = await http.get(`/jobs/${root.id}`);
    t.is(got.body.status, 'FAILED');
    const retried = await http.put(`/jobs/${root.id}`, { ...got.body, status: 'PENDING' });
    t.is(retried.status, 200, retried.text);
    t.is(retried.body.data.status, 'PENDING');
    t.is((await http.get(`/jobs/${child.id}`)).body.status, 'PENDING', 'unblocked');
    t.is((await http.get(`/jobs/${grandchild.id}`)).body.status, 'PENDING');
    // Dependents still wait for the root to complete.
    const next = await fetchJob(http, lab.projectId);
    t.is(next.job.id, root.id);
    t.is((await fetchJob(http, lab.projectId)).job, null);
    await setStatus(http, root.id, 'RUNNING');
    await setStatus(http, root.id, 'COMPLETED');
    t.is((await fetchJob(http, lab.projectId)).job.id, child.id);

    // Retrying a BLOCKED job through the CLI: its blocker is retried with it.
    const a = await submitJob(http, lab.projectId, lab.taskId, { name: 'a' });
    const b = await submitJob(http, lab.projectId, lab.taskId, { name: 'b', depends: { [a.id]: 'a' } });
    await http.post(`/jobs/${a.id}/cancel`);
    const blocked = await http.get(`/jobs/${b.id}`);
    t.is(blocked.body.status, 'BLOCKED');
    const unblocked = await http.put(`/jobs/${b.id}`, { ...blocked.body, status: 'PENDING' });
    t.is(unblocked.status, 200, unblocked.text);
    t.not(unblocked.body.data.status, 'BLOCKED');
  });

  test(title('clear_queue deletes only PENDING jobs: {"deleted": n}'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const ids = await submitBatch(http, lab.projectId, [0, 1, 2, 3, 4].map((i) => ({ name: `j${i}`, task_id: lab.taskId, parameters: {}, priority: 0, depends: {} })));
    const queued = (await fetchJob(http, lab.projectId)).job.id;
    const done = (await fetchJob(http, lab.projectId)).job.id;
    await setStatus(http, done, 'RUNNING');
    await setStatus(http, done, 'COMPLETED');
    const answer = await http.del(`/projects/${lab.projectId}/queue`);
    t.is(answer.status, 200);
    t.deepEqual(answer.body, { deleted: 3 });
    const left = ((await http.get(`/jobs?project_id=${lab.projectId}`)).body as { id: number; status: string }[]).map((j) => [j.id, j.status]);
    t.deepEqual(left, [
      [queued, 'QUEUED'],
      [done, 'COMPLETED'],
    ]);
    t.deepEqual(ids.slice(0, 2), [queued, done]);
  });

  test(title('remove_job: DELETE /projects/{p}/jobs/{j} is 204, 404 for a job of another project'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const other = await createLab(http);
    const mine = await submitJob(http, lab.projectId, lab.taskId);
    const theirs = await submitJob(http, other.projectId, other.taskId);
    t.is((await http.del(`/projects/${lab.projectId}/jobs/${theirs.id}`)).status, 404);
    t.is((await http.get(`/jobs/${theirs.id}`)).status, 200);
    // pop_queue: queue, then remove_job(queue[0]["id"]).
    const queue = (await http.get(`/jobs?project_id=${lab.projectId}`)).body as { id: number }[];
    const removed = await http.del(`/projects/${lab.projectId}/jobs/${queue[0]!.id}`);
    t.is(removed.status, 204);
    t.is(queue[0]!.id, mine.id);
    t.deepEqual((await http.get(`/jobs?project_id=${lab.projectId}`)).body, []);
  });

  test(title('delete_project: DELETE /projects/name/{name} is exactly 204 and takes tasks and jobs'), async (t) => {
    const { http } = await shared();
    const name = unique('doomed');
    const projectId = (await appendProject(http, name))!;
    await createTask(http, projectId, 'train');
    await appendQueue(http, projectId, { name: 'j', task: 'train', parameters: {} });
    const jobs = (await http.get(`/jobs?project_id=${projectId}`)).body as { id: number; task_id: number }[];
    const answer = await http.del(`/projects/name/${encodeURIComponent(name)}`);
    t.is(answer.status, 204);
    t.is(await getProject(http, name), null);
    t.is((await http.get(`/jobs/${jobs[0]!.id}`)).status, 404);
    t.is((await http.get(`/tasks/${jobs[0]!.task_id}`)).status, 404);
    t.is((await http.del(`/projects/name/${encodeURIComponent(name)}`)).status, 404);
  });

  test(title('clients: register (201, again for a known id), heartbeat, resources, deactivate, list, get, delete'), async (t) => {
    const { http } = await shared();
    const id = unique('deadbeef').replace(/[^a-zA-Z0-9_-]/g, '');
    const register = (name: string, cpu: number) =>
      http.post('/clients/register', { id, name, entity: 'lab', description: '', available_cpu: cpu, available_accelerators: 0 });
    const first = await register('box', 1);
    t.is(first.status, 201, first.text);
    t.is((await http.post(`/clients/${id}/heartbeat`)).status, 200);
    const resources = await http.put(`/clients/${id}`, { available_cpu: 6 });
    t.is(resources.status, 200);
    t.is(resources.body.data.available_cpu, 6);
    const accelerators = await http.put(`/clients/${id}`, { available_accelerators: 2 });
    t.is(accelerators.body.data.available_cpu, 6, 'keys not sent stay');
    t.is(accelerators.body.data.available_accelerators, 2);
    const deactivated = await http.post(`/clients/${id}/deactivate`);
    t.is(deactivated.status, 200);
    const ids = async (activeOnly: string) =>
      ((await http.get(`/clients/?limit=1000&active_only=${activeOnly}`)).body as { id: string }[]).map((c) => c.id);
    t.false((await ids('True')).includes(id), 'clients ls: active only');
    t.true((await ids('False')).includes(id), 'clients ls --all');
    t.false((await ids('true')).includes(id));
    t.false(((await http.get('/clients?limit=1000')).body as { id: string }[]).some((c) => c.id === id), 'active_only defaults to true');
    t.is((await http.get(`/clients/${id}`)).body.is_active, 0);

    const again = await register('renamed', 3);
    t.is(again.status, 201, 'registering a known id is 201 too');
    t.is(again.body.name, 'renamed');
    t.is(again.body.available_cpu, 3);
    t.is(again.body.is_active, 1);
    t.true((await ids('True')).includes(id));
    t.is((await http.del(`/clients/${id}`)).status, 204);
    t.is((await http.get(`/clients/${id}`)).status, 404);
  });

  test(title('Client.work(): register, fetch with available_cpu=1, RUNNING, COMPLETED, until empty, deactivate'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    await submitBatch(http, lab.projectId, [1, 2, 3].map((i) => ({ name: `w${i}`, task_id: lab.taskId, parameters: { i } })));
    const id = unique('worker').replace(/[^a-zA-Z0-9_-]/g, '');
    t.is((await http.post('/clients/register', { id, name: 'w', entity: 'e', description: '', available_cpu: 1, available_accelerators: 0 })).status, 201);
    let executed = 0;
    for (;;) {
      const fetched = await pyFetchJob(http, lab.projectId, 1, 0);
      if (fetched.empty) break;
      const jobId = fetched.job!['id'] as number;
      t.is((await setStatus(http, jobId, 'RUNNING')).status, 200);
      t.is((await setStatus(http, jobId, 'COMPLETED')).status, 200);
      executed += 1;
    }
    t.is(executed, 3);
    t.is((await http.post(`/clients/${id}/deactivate`)).status, 200);
    const statuses = ((await http.get(`/jobs?project_id=${lab.projectId}`)).body as { status: string }[]).map((j) => j.status);
    t.deepEqual(statuses, ['COMPLETED', 'COMPLETED', 'COMPLETED']);
  });

  test(title('CLI: projects create/ls/show/archive, tasks show NAME, jobs add/show, queue ls/stats, status'), async (t) => {
    const { http } = await shared();
    // projects create NAME -d D: POST /projects/ with status "ACTIVE".
    const name = unique('cli');
    const created = await http.post('/projects/', { name, description: 'cli made', status: 'ACTIVE' });
    t.is(created.status, 201);
    const projectId = created.body.id as number;
    // projects ls --status all: CLI sends status_filter=ALL.
    const ls = await http.get('/projects/?limit=10000&status_filter=ALL');
    t.true((ls.body as { id: number }[]).some((p) => p.id === projectId));
    // tasks create NAME --cpu 2: GET /projects/name/P; POST /tasks/.
    t.is((await http.get(`/projects/name/${encodeURIComponent(name)}`)).body.id, projectId);
    const task = await http.post('/tasks/', { name: 'train', project_id: projectId, required_cpu: 2, required_accelerators: 0 });
    t.is(task.status, 201);
    // tasks show NAME: GET /tasks/NAME → 404 → GET /projects/name/P, GET /tasks/name/NAME?project_id.
    t.is((await http.get('/tasks/train')).status, 404);
    t.is((await http.get(`/tasks/name/train?project_id=${projectId}`)).body.id, task.body.id);
    // jobs add TASK --param lr=0.1 --priority 2: six keys, no status.
    const add = await http.post('/jobs/', { name: 'cli-job', project_id: projectId, task_id: task.body.id, parameters: { lr: 0.1, flag: true, who: 'me' }, priority: 2, depends: {} });
    t.is(add.status, 201, add.text);
    // jobs show ID: GET /jobs/ID (status, priority), GET /jobs/ID/dependencies.
    const show = await http.get(`/jobs/${add.body.id}`);
    t.is(show.body.status, 'PENDING');
    t.is(show.body.priority, 2);
    const deps = await http.get(`/jobs/${add.body.id}/dependencies`);
    t.deepEqual(deps.body.dependencies, []);
    t.is(deps.body.all_completed, true);
    // jobs add-batch FILE, then queue stats: GET /jobs/?project_id&limit=10000 (more than the default 10).
    await submitBatch(http, projectId, Array.from({ length: 14 }, (_, i) => ({ name: `b${i}`, task_id: task.body.id, parameters: { i } })));
    const stats = await http.get(`/jobs/?project_id=${projectId}&limit=10000`);
    t.is(stats.status, 200);
    t.is(stats.body.length, 15);
    t.true((stats.body as { status: string }[]).every((j) => j.status === 'PENDING'));
    // queue ls: GET /jobs/?project_id&limit (status filtered client-side on job["status"]).
    t.is((await http.get(`/jobs/?project_id=${projectId}&limit=1000`)).body.length, 15);
    // status: GET /projects/?limit=1, GET /clients/?active_only=False&limit=1000, ...&active_only=True&limit=5.
    t.is((await http.get('/projects/?limit=1')).body.length, 1);
    t.is((await http.get('/clients/?active_only=False&limit=1000')).status, 200);
    t.true((await http.get('/clients/?active_only=True&limit=5')).body.length <= 5);
    // projects archive NAME: GET /projects/name/NAME; PUT {name, description, status: "ARCHIVED"}.
    const read = (await http.get(`/projects/name/${encodeURIComponent(name)}`)).body;
    const archived = await http.put(`/projects/${read.id}`, { name: read.name, description: read.description, status: 'ARCHIVED' });
    t.is(archived.status, 200);
    t.is(archived.body.data.status, 'ARCHIVED');
    t.false(((await http.get('/projects/?limit=10000')).body as { id: number }[]).some((p) => p.id === projectId), 'archived leaves the default listing');
    // jobs delete ID --force; tasks delete ID --force.
    t.is((await http.del(`/jobs/${add.body.id}`)).status, 204);
    t.is((await http.del(`/tasks/${task.body.id}`)).status, 204);
    t.deepEqual((await http.get(`/jobs/?project_id=${projectId}&limit=10000`)).body, []);
    // test-auth without keys configured: GET /, /checkdb, /projects/, /clients/ all answer.
    for (const path of ['/', '/checkdb', '/projects/', '/clients/']) t.is((await http.get(path)).status, 200, path);
  });
});
