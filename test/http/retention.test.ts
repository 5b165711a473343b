import test from 'ava';
import { createProject, createTask, forEachStore, setStatus, sleep, submitBatch, submitJob, unique, type Http } from './server-harness.js';

/** Retention over REST (an extension): projects and tasks carry it; the server removes and sweeps by it. */

const registerClient = async (http: Http): Promise<string> => {
  const id = unique('w').replace(/[^a-zA-Z0-9_-]/g, '');
  const answer = await http.post('/clients/register', { id, name: id, entity: 'lab', available_cpu: 4 });
  if (answer.status !== 201) throw new Error(`register: ${answer.status} ${answer.text}`);
  return id;
};

const gone = async (http: Http, id: number): Promise<boolean> => (await http.get(`/jobs/${id}`)).status === 404;

forEachStore((store, { shared, start }) => {
  const title = (text: string) => `${store}: ${text}`;

  test(title("a task's retention: set, shown, cleared with null, refused when malformed"), async (t) => {
    const { http } = await shared();
    const project = await createProject(http);
    const created = await http.post('/tasks/', { name: unique('t'), project_id: project.id, retention: '12h' });
    t.is(created.status, 201, created.text);
    t.is(created.body.retention, '12h');
    const plain = await createTask(http, project.id);
    t.is((await http.get(`/tasks/${plain.id}`)).body.retention, null, "absent: the project's");
    const changed = await http.put(`/tasks/${created.body.id}`, { retention: 'remove_on_complete' });
    t.is(changed.status, 200, changed.text);
    t.is((await http.get(`/tasks/${created.body.id}`)).body.retention, 'remove_on_complete');
    t.is((await http.put(`/tasks/${created.body.id}`, { retention: null })).status, 200);
    t.is((await http.get(`/tasks/${created.body.id}`)).body.retention, null);
    const refused = await http.post('/tasks/', { name: unique('t'), project_id: project.id, retention: '2 weeks' });
    t.is(refused.status, 422, refused.text);
    t.deepEqual(refused.body.detail[0].loc, ['body', 'retention']);
    t.regex(refused.body.detail[0].msg, /got '2 weeks'/);
  });

  test(title('remove_on_complete: worker reports, single reports and status PUTs remove the job; a later job cannot depend on it'), async (t) => {
    const { http } = await shared();
    const project = await createProject(http, unique('p'), { retention: 'remove_on_complete' });
    const task = await createTask(http, project.id);
    const [first, second, third] = await submitBatch(http, project.id, [
      { key: 'first', name: 'first', task_id: task.id },
      { name: 'second', task_id: task.id, depends_on: ['first'] },
      { name: 'third', task_id: task.id },
    ]);
    const worker = await registerClient(http);
    const claim = async () => (await http.get(`/projects/${project.id}/fetch_job?client_id=${worker}`)).body.job?.id as number | undefined;

    t.is(await claim(), first);
    const reports = await http.post('/jobs/reports', { client_id: worker, reports: [{ job_id: first, action: 'start' }, { job_id: first, action: 'complete' }] });
    t.deepEqual(reports.body.results, [{ job_id: first, status: 'RUNNING' }, { job_id: first, status: 'COMPLETED' }]);
    t.true(await gone(http, first!), 'removed as it completed');

    // Its dependent was released by the completion; it goes by the single-report routes.
    t.is(await claim(), second);
    t.is((await http.post(`/jobs/${second}/start`, { client_id: worker })).status, 200);
    const single = await http.post(`/jobs/${second}/complete`, { client_id: worker });
    t.is(single.status, 200, single.text);
    t.deepEqual(single.body, { id: second, status: 'COMPLETED', removed: true });

    // The original client's way: status PUTs.
    for (const status of ['QUEUED', 'RUNNING']) t.is((await setStatus(http, third!, status)).status, 200);
    const put = await setStatus(http, third!, 'COMPLETED');
    t.is(put.status, 200, put.text);
    t.is(put.body.data.status, 'COMPLETED');
    t.true(await gone(http, third!));

    const refused = await http.post('/jobs/', { name: 'late', project_id: project.id, task_id: task.id, parameters: {}, depends: { [String(first)]: 'first' } });
    t.true(refused.status >= 400 && refused.status < 500, refused.text);
    t.regex(refused.text, new RegExp(`Dependency job id ${first} does not exist\\. It may have been removed by retention \\(project '${project.name}'`));
    const stats = await http.get(`/projects/${project.id}/stats`);
    t.is(stats.body.total, 0, 'the counts follow');
  });

  test(title('remove_on_complete in one batch of reports: edge-free jobs go, a job others wait for goes after releasing them, the rest stay'), async (t) => {
    const { http } = await shared();
    const project = await createProject(http, unique('p'));
    const removes = await createTask(http, project.id, unique('removes'), { retention: 'remove_on_complete' });
    const keeps = await createTask(http, project.id, unique('keeps'));
    const [lone, awaited, kept, startedOnly, waiting] = await submitBatch(http, project.id, [
      { name: 'lone', task_id: removes.id },
      { key: 'awaited', name: 'awaited', task_id: removes.id },
      { name: 'kept', task_id: keeps.id },
      { name: 'started-only', task_id: removes.id },
      { name: 'waiting', task_id: keeps.id, depends_on: ['awaited'] },
    ]);
    const worker = await registerClient(http);
    for (let i = 0; i < 4; i++) t.truthy((await http.get(`/projects/${project.id}/fetch_job?client_id=${worker}`)).body.job);
    const reports = [lone, awaited, kept].flatMap((job_id) => [{ job_id, action: 'start' }, { job_id, action: 'complete' }]);
    const answer = await http.post('/jobs/reports', { client_id: worker, reports: [...reports, { job_id: startedOnly, action: 'start' }] });
    t.is(answer.status, 200, answer.text);
    t.deepEqual(
      answer.body.results.map((result: { status: string }) => result.status),
      ['RUNNING', 'COMPLETED', 'RUNNING', 'COMPLETED', 'RUNNING', 'COMPLETED', 'RUNNING'],
    );
    t.true(await gone(http, lone!));
    t.true(await gone(http, awaited!));
    t.is((await http.get(`/jobs/${kept}`)).body.status, 'COMPLETED');
    t.is((await http.get(`/jobs/${startedOnly}`)).body.status, 'RUNNING', 'only a completion removes');
    t.is((await http.get(`/projects/${project.id}/fetch_job?client_id=${worker}`)).body.job?.id, waiting, 'released by the removed job it waited for');
    const stats = await http.get(`/projects/${project.id}/stats`);
    t.like(stats.body, { total: 3 });
    const graph = await http.get(`/projects/${project.id}/graph`);
    t.is(graph.status, 200, graph.text);
    t.deepEqual(graph.body.dependencies, [], 'the removed edge is counted out');
    t.deepEqual(graph.body.tasks.map((task: { total: number }) => task.total).sort(), [1, 2]);
  });

  test(title('keep_for: the server sweeps finished jobs once their period passed, and keeps the rest'), async (t) => {
    const server = await start({ WHATSNEXT_RETENTION_SWEEP_SECONDS: '0.2' });
    const { http } = server;
    const project = await createProject(http, unique('p'), { retention: '1s' });
    const swept = await createTask(http, project.id);
    const kept = await createTask(http, project.id, unique('kept'), { retention: 'keep' });
    const a = await submitJob(http, project.id, swept.id);
    const b = await submitJob(http, project.id, kept.id);
    const pending = await submitJob(http, project.id, swept.id);
    for (const job of [a, b]) for (const status of ['QUEUED', 'RUNNING', 'COMPLETED']) t.is((await setStatus(http, job.id, status)).status, 200);
    const deadline = Date.now() + 20_000;
    while (!(await gone(http, a.id)) && Date.now() < deadline) await sleep(100);
    t.true(await gone(http, a.id), 'swept within 20 s of finishing');
    t.false(await gone(http, b.id), 'its task keeps its jobs');
    t.false(await gone(http, pending.id), 'unfinished jobs stay');
  });
});
