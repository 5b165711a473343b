import test, { type ExecutionContext } from 'ava';
import { buildDashboard } from '../../ui/build.js';
import {
  createLab,
  createProject,
  createTask,
  fetchJob,
  forEachStore,
  isIntegerParam,
  ISO_Z,
  pathParams,
  routeKey,
  routeTable,
  setStatus,
  sleep,
  spellings,
  startTestServer,
  submitBatch,
  submitJob,
  unique,
  type Answer,
  type Http,
} from './server-harness.js';

/**
 * Every route of the table over real HTTP: its main path and its error paths (API.md A and B §4),
 * then the cross-cutting rules: slashes, ids, fallbacks, status case, limits, order, timestamps.
 */

type Check = (t: ExecutionContext, http: Http) => Promise<void>;

const UNKNOWN = 987654321;

/** Two tasks and a small DAG across them: a <- b (prepare), a, b <- c <- d (train). */
const graphLab = async (http: Http) => {
  const lab = await createLab(http);
  const train = await createTask(http, lab.projectId, 'train');
  const jobs = await submitBatch(http, lab.projectId, [
    { name: 'a', key: 'a', task_id: lab.taskId },
    { name: 'b', key: 'b', task_id: lab.taskId, depends_on: ['a'] },
    { name: 'c', key: 'c', task_id: train.id, depends_on: ['a', 'b'] },
    { name: 'd', task_id: train.id, depends_on: ['c'] },
  ]);
  return { projectId: lab.projectId, prepare: lab.taskId, train: train.id, jobs };
};

/** `{"detail": "<message>"}` with that status. */
const detailIs = (t: ExecutionContext, answer: Answer, status: number, includes: readonly string[] = []): void => {
  t.is(answer.status, status, answer.text);
  t.is(typeof answer.body?.detail, 'string', answer.text);
  for (const part of includes) t.true(String(answer.body?.detail).includes(part), `'${part}' in ${answer.text}`);
};

/** `422 {"detail": [{"loc", "msg", "type"}]}`, with an issue at exactly `loc` (source, then the field path). */
const validationIs = (t: ExecutionContext, answer: Answer, loc: readonly (string | number)[]): void => {
  t.is(answer.status, 422, answer.text);
  const issues = answer.body?.detail;
  t.true(Array.isArray(issues) && issues.length > 0, answer.text);
  for (const issue of issues as { loc: unknown; msg: unknown; type: unknown }[]) {
    t.true(Array.isArray(issue.loc), answer.text);
    t.is(typeof issue.msg, 'string');
    t.is(typeof issue.type, 'string');
  }
  t.true(
    (issues as { loc: unknown[] }[]).some((issue) => JSON.stringify(issue.loc) === JSON.stringify(loc)),
    `an issue at ${JSON.stringify(loc)} in ${answer.text}`,
  );
};

const keysOf = (value: object): string[] => Object.keys(value).sort();
const PROJECT_KEYS = ['created_at', 'description', 'id', 'name', 'retention', 'status', 'updated_at'];

/** A job claimed (QUEUED) by the original client's fetch_job. */
const claimedJob = async (http: Http) => {
  const lab = await createLab(http);
  const job = await submitJob(http, lab.projectId, lab.taskId);
  const claimed = await fetchJob(http, lab.projectId);
  if (claimed.job?.id !== job.id) throw new Error(`expected to claim ${job.id}: ${claimed.text}`);
  return { ...lab, jobId: job.id as number };
};

/** One entry per route of the table: its main path and error paths. The table must cover every route. */
const ROUTE_CASES: Record<string, Check> = {
  'get /': async (t, http) => {
    const answer = await http.get('/');
    t.is(answer.status, 200);
    t.deepEqual(answer.body, { status: 'healthy' });
  },
  'get /checkdb': async (t, http) => {
    const answer = await http.get('/checkdb');
    t.is(answer.status, 200);
    t.deepEqual(answer.body, { status: 'healthy', database: 'connected' });
  },
  'get /openapi.json': async (t, http) => {
    const answer = await http.get('/openapi.json');
    t.is(answer.status, 200);
    t.regex(String(answer.body?.openapi), /^3\./);
    t.is(typeof answer.body?.paths?.['/jobs/{job_id}']?.get, 'object');
  },
  'get /docs': async (t, http) => {
    const answer = await http.get('/docs');
    t.is(answer.status, 200);
    t.regex(answer.headers.get('content-type') ?? '', /^text\/html/);
    t.true(answer.text.includes('openapi.json'));
    t.true(answer.text.includes('/docs/swagger-ui-bundle.js'), 'swagger-ui is served by the server itself, not a CDN');
  },
  'get /docs/{asset}': async (t, http) => {
    const bundle = await http.get('/docs/swagger-ui-bundle.js');
    t.is(bundle.status, 200);
    t.regex(bundle.headers.get('content-type') ?? '', /^text\/javascript/);
    t.regex((await http.get('/docs/swagger-ui.css')).headers.get('content-type') ?? '', /^text\/css/);
    for (const missing of ['/docs/package.json', '/docs/..%2fpackage.json', '/docs/..%2F..%2Fpackage.json', '/docs/index.html', '/docs/constructor', '/docs/swagger-ui-bundle.js.map']) {
      const answer = await http.get(missing);
      t.is(answer.status, 404, missing);
      t.deepEqual(answer.body, { detail: 'Not Found' }, missing);
    }
  },
  'get /ui': async (t, http) => {
    await buildDashboard();
    for (const path of ['/ui', '/ui/']) {
      const answer = await http.get(path);
      t.is(answer.status, 200, path);
      t.regex(answer.headers.get('content-type') ?? '', /^text\/html/);
      t.true(answer.text.includes('/ui/app.js'), 'the page loads its bundle from /ui');
    }
  },
  'get /ui/{asset}': async (t, http) => {
    await buildDashboard();
    const script = await http.get('/ui/app.js');
    t.is(script.status, 200);
    t.regex(script.headers.get('content-type') ?? '', /^text\/javascript/);
    t.regex((await http.get('/ui/style.css')).headers.get('content-type') ?? '', /^text\/css/);
    t.is((await http.get('/ui/dag-layout.js')).status, 200);
    for (const missing of ['/ui/nope.js', '/ui/..%2fpackage.json', '/ui/.env', '/ui/build.ts']) {
      const answer = await http.get(missing);
      t.is(answer.status, 404, missing);
      t.deepEqual(answer.body, { detail: 'Not Found' }, missing);
    }
  },
  'get /metrics': async (t, http) => {
    await http.get('/');
    const answer = await http.get('/metrics');
    t.is(answer.status, 200);
    t.regex(answer.headers.get('content-type') ?? '', /^text\/plain/);
    t.true(answer.text.includes('whatsnext_http_requests_total'));
  },
  'get /projects/': async (t, http) => {
    const project = await createProject(http);
    for (const path of ['/projects', '/projects/']) {
      const answer = await http.get(`${path}?limit=10000`);
      t.is(answer.status, 200, path);
      t.true(Array.isArray(answer.body));
      t.true((answer.body as { id: number }[]).some((p) => p.id === project.id), path);
    }
    validationIs(t, await http.get('/projects?limit=0'), ['query', 'limit']);
    validationIs(t, await http.get('/projects?skip=-1'), ['query', 'skip']);
  },
  'post /projects/': async (t, http) => {
    for (const path of ['/projects', '/projects/']) {
      const name = unique('p');
      const answer = await http.post(path, { name, description: 'd' });
      t.is(answer.status, 201, `${path}: ${answer.text}`);
      t.deepEqual(keysOf(answer.body), PROJECT_KEYS);
      t.is(answer.body.name, name);
      t.is(answer.body.description, 'd');
      t.is(answer.body.status, 'ACTIVE');
      t.is(answer.body.retention, 'keep');
      t.true(Number.isSafeInteger(answer.body.id));
    }
    const kept = await http.post('/projects', { name: unique('p'), retention: '30d' });
    t.is(kept.status, 201, kept.text);
    t.is(kept.body.retention, '30d');
    validationIs(t, await http.post('/projects', { name: unique('p'), retention: '30 days' }), ['body', 'retention']);
    validationIs(t, await http.post('/projects', { name: unique('p'), retention: 30 }), ['body', 'retention']);
    const name = unique('dup');
    t.is((await http.post('/projects', { name })).status, 201);
    detailIs(t, await http.post('/projects', { name, description: 'again' }), 409, [name]);
    validationIs(t, await http.post('/projects', { description: 'no name' }), ['body', 'name']);
    validationIs(t, await http.post('/projects', { name: unique('p'), status: 'sleeping' }), ['body', 'status']);
  },
  'get /projects/name/{name}': async (t, http) => {
    const project = await createProject(http, unique('with space é/ü'));
    const answer = await http.get(`/projects/name/${encodeURIComponent(project.name)}`);
    t.is(answer.status, 200, answer.text);
    t.is(answer.body.id, project.id);
    t.is(answer.body.name, project.name);
    detailIs(t, await http.get(`/projects/name/${encodeURIComponent(`${project.name}x`)}`), 404);
    // Exact: no prefix or case-insensitive match.
    detailIs(t, await http.get(`/projects/name/${encodeURIComponent(project.name.toUpperCase())}`), 404);
  },
  'delete /projects/name/{name}': async (t, http) => {
    const project = await createProject(http, unique('doomed name'));
    const answer = await http.del(`/projects/name/${encodeURIComponent(project.name)}`);
    t.is(answer.status, 204);
    t.is(answer.text, '');
    t.is((await http.get(`/projects/${project.id}`)).status, 404);
    detailIs(t, await http.del(`/projects/name/${encodeURIComponent(project.name)}`), 404);
  },
  'get /projects/{project_id}': async (t, http) => {
    const project = await createProject(http);
    const answer = await http.get(`/projects/${project.id}`);
    t.is(answer.status, 200);
    t.deepEqual(keysOf(answer.body), PROJECT_KEYS);
    t.is(answer.body.name, project.name);
    detailIs(t, await http.get(`/projects/${UNKNOWN}`), 404, [String(UNKNOWN)]);
    validationIs(t, await http.get('/projects/abc'), ['path', 'project_id']);
  },
  'put /projects/{project_id}': async (t, http) => {
    const project = await createProject(http);
    const answer = await http.put(`/projects/${project.id}`, { name: project.name, description: 'new', status: 'archived' });
    t.is(answer.status, 200, answer.text);
    t.deepEqual(keysOf(answer.body), ['data']);
    t.deepEqual(keysOf(answer.body.data), PROJECT_KEYS);
    t.is(answer.body.data.description, 'new');
    t.is(answer.body.data.status, 'ARCHIVED');
    t.is((await http.get(`/projects/${project.id}`)).body.status, 'ARCHIVED');
    const other = await createProject(http);
    detailIs(t, await http.put(`/projects/${project.id}`, { name: other.name }), 409, [other.name]);
    detailIs(t, await http.put(`/projects/${UNKNOWN}`, { name: unique('p'), description: '', status: 'ACTIVE' }), 404);
    validationIs(t, await http.put(`/projects/${project.id}`, { status: 'gone' }), ['body', 'status']);
    const removing = await http.put(`/projects/${project.id}`, { retention: 'remove_on_complete' });
    t.is(removing.body.data.retention, 'remove_on_complete', removing.text);
    t.is(removing.body.data.description, 'new', 'what is not sent stays');
    t.is((await http.put(`/projects/${project.id}`, { retention: '86400s' })).body.data.retention, '1d');
    const refused = await http.put(`/projects/${project.id}`, { retention: 'forever' });
    validationIs(t, refused, ['body', 'retention']);
    t.regex(refused.text, /'keep', 'remove_on_complete' or a period such as '30d'/);
  },
  'delete /projects/{project_id}': async (t, http) => {
    const lab = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    const answer = await http.del(`/projects/${lab.projectId}`);
    t.is(answer.status, 204);
    t.is(answer.text, '');
    t.is((await http.get(`/projects/${lab.projectId}`)).status, 404);
    t.is((await http.get(`/tasks/${lab.taskId}`)).status, 404, 'its tasks go with it');
    t.is((await http.get(`/jobs/${job.id}`)).status, 404, 'its jobs go with it');
    detailIs(t, await http.del(`/projects/${lab.projectId}`), 404);
  },
  'get /projects/{project_id}/fetch_job': async (t, http) => {
    const lab = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    const answer = await http.get(`/projects/${lab.projectId}/fetch_job`);
    t.is(answer.status, 200);
    t.deepEqual(keysOf(answer.body), ['job', 'num_pending']);
    t.is(answer.body.job.id, job.id);
    t.is(answer.body.job.status, 'QUEUED');
    t.is(answer.body.num_pending, 1);
    t.deepEqual((await http.get(`/projects/${lab.projectId}/fetch_job`)).body, { job: null, num_pending: 0 });
    detailIs(t, await http.get(`/projects/${UNKNOWN}/fetch_job`), 404, [String(UNKNOWN)]);
    validationIs(t, await http.get(`/projects/${lab.projectId}/fetch_job?available_cpu=many`), ['query', 'available_cpu']);
    validationIs(t, await http.get(`/projects/${lab.projectId}/fetch_job?wait=-1`), ['query', 'wait']);
  },
  'post /projects/{project_id}/jobs/batch': async (t, http) => {
    const lab = await createLab(http);
    const answer = await http.post(`/projects/${lab.projectId}/jobs/batch`, {
      jobs: [
        { name: 'one', task_id: lab.taskId, parameters: { x: 1 }, priority: 0, depends: {} },
        { name: 'two', task_id: lab.taskId, parameters: {} },
      ],
    });
    t.is(answer.status, 201, answer.text);
    t.deepEqual(keysOf(answer.body), ['created', 'job_ids']);
    t.is(answer.body.created, 2);
    const [one, two] = answer.body.job_ids as number[];
    t.true(one! < two!, 'ids in request order');
    t.is((await http.get(`/jobs/${one}`)).body.name, 'one');
    t.is((await http.get(`/jobs/${two}`)).body.status, 'PENDING');
    const empty = await http.post(`/projects/${lab.projectId}/jobs/batch`, { jobs: [] });
    t.is(empty.status, 201);
    t.deepEqual(empty.body, { created: 0, job_ids: [] });
    detailIs(t, await http.post(`/projects/${UNKNOWN}/jobs/batch`, { jobs: [] }), 404);
    detailIs(t, await http.post(`/projects/${lab.projectId}/jobs/batch`, { jobs: [{ name: 'x', task_id: UNKNOWN }] }), 400, [String(UNKNOWN)]);
    validationIs(t, await http.post(`/projects/${lab.projectId}/jobs/batch`, {}), ['body', 'jobs']);
  },
  'delete /projects/{project_id}/queue': async (t, http) => {
    const lab = await createLab(http);
    await submitBatch(http, lab.projectId, [{ name: 'a', task_id: lab.taskId }, { name: 'b', task_id: lab.taskId }]);
    const answer = await http.del(`/projects/${lab.projectId}/queue`);
    t.is(answer.status, 200);
    t.deepEqual(answer.body, { deleted: 2 });
    t.deepEqual((await http.del(`/projects/${lab.projectId}/queue`)).body, { deleted: 0 });
    detailIs(t, await http.del(`/projects/${UNKNOWN}/queue`), 404, [String(UNKNOWN)]);
  },
  'delete /projects/{project_id}/jobs/{job_id}': async (t, http) => {
    const lab = await createLab(http);
    const other = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    const foreign = await submitJob(http, other.projectId, other.taskId);
    detailIs(t, await http.del(`/projects/${lab.projectId}/jobs/${foreign.id}`), 404);
    t.is((await http.get(`/jobs/${foreign.id}`)).status, 200, 'a job of another project is left alone');
    const answer = await http.del(`/projects/${lab.projectId}/jobs/${job.id}`);
    t.is(answer.status, 204);
    t.is(answer.text, '');
    t.is((await http.get(`/jobs/${job.id}`)).status, 404);
    detailIs(t, await http.del(`/projects/${lab.projectId}/jobs/${job.id}`), 404);
  },
  'get /projects/{project_id}/stats': async (t, http) => {
    const lab = await createLab(http);
    await submitBatch(http, lab.projectId, [{ name: 'a', task_id: lab.taskId }, { name: 'b', task_id: lab.taskId }]);
    await fetchJob(http, lab.projectId);
    const answer = await http.get(`/projects/${lab.projectId}/stats`);
    t.is(answer.status, 200, answer.text);
    t.is(answer.body.project_id, lab.projectId);
    t.is(answer.body.total, 2);
    t.is(answer.body.by_status.PENDING, 1);
    t.is(answer.body.by_status.QUEUED, 1);
    detailIs(t, await http.get(`/projects/${UNKNOWN}/stats`), 404);
  },
  'get /projects/{project_id}/graph': async (t, http) => {
    const { projectId, prepare, train } = await graphLab(http);
    const answer = await http.get(`/projects/${projectId}/graph`);
    t.is(answer.status, 200, answer.text);
    t.is(answer.body.total, 4);
    t.deepEqual(
      answer.body.tasks.map((task: { task_id: number; total: number; by_status: Record<string, number> }) => [task.task_id, task.total, task.by_status.PENDING]),
      [
        [prepare, 2, 2],
        [train, 2, 2],
      ],
    );
    t.deepEqual(answer.body.dependencies, [
      { task_id: prepare, depends_on_task_id: prepare, count: 1 },
      { task_id: train, depends_on_task_id: prepare, count: 2 },
      { task_id: train, depends_on_task_id: train, count: 1 },
    ]);
    detailIs(t, await http.get(`/projects/${UNKNOWN}/graph`), 404);
  },
  'get /projects/{project_id}/runs': async (t, http) => {
    const { jobId, projectId } = await claimedJob(http);
    // Until a minute from now: the claim made just before lies inside, whatever the clocks' resolution.
    const answer = await http.get(`/projects/${projectId}/runs?until=${new Date(Date.now() + 60_000).toISOString()}`);
    t.is(answer.status, 200, answer.text);
    t.deepEqual(answer.body.runs.map((run: { job_id: number; outcome: string; worker: unknown }) => [run.job_id, run.outcome, run.worker]), [[jobId, 'RUNNING', null]]);
    detailIs(t, await http.get(`/projects/${UNKNOWN}/runs`), 404);
    validationIs(t, await http.get(`/projects/${projectId}/runs?since=soon`), ['query', 'since']);
  },
  'get /projects/{project_id}/throughput': async (t, http) => {
    const { projectId } = await createLab(http);
    const answer = await http.get(`/projects/${projectId}/throughput?since=2026-03-01T10:00:00Z&until=2026-03-01T10:02:00Z`);
    t.is(answer.status, 200, answer.text);
    t.deepEqual(answer.body.minutes, [
      { minute: '2026-03-01T10:00:00.000Z', completed: 0, failed: 0 },
      { minute: '2026-03-01T10:01:00.000Z', completed: 0, failed: 0 },
    ]);
    detailIs(t, await http.get(`/projects/${UNKNOWN}/throughput`), 404);
    validationIs(t, await http.get(`/projects/${projectId}/throughput?until=2026-03-01T10:00:00Z&since=2026-03-01T10:00:01Z`), ['query', 'since']);
  },
  'get /projects/{project_id}/graph/jobs': async (t, http) => {
    const { projectId, prepare, train, jobs } = await graphLab(http);
    const [a, b, c, d] = jobs as [number, number, number, number];
    const ofTrain = await http.get(`/projects/${projectId}/graph/jobs?task_id=${train}`);
    t.is(ofTrain.status, 200, ofTrain.text);
    t.deepEqual(ofTrain.body.jobs, [
      { id: c, name: 'c', task_id: train, status: 'PENDING' },
      { id: d, name: 'd', task_id: train, status: 'PENDING' },
    ]);
    t.deepEqual(ofTrain.body.dependencies, [
      { job_id: c, depends_on_id: a, job_task_id: train, depends_on_task_id: prepare },
      { job_id: c, depends_on_id: b, job_task_id: train, depends_on_task_id: prepare },
      { job_id: d, depends_on_id: c, job_task_id: train, depends_on_task_id: train },
    ]);
    t.like(ofTrain.body, { project_id: projectId, more: false, next_after_id: null });
    const first = await http.get(`/projects/${projectId}/graph/jobs?task_id=${prepare}&limit=1`);
    t.deepEqual(first.body.jobs.map((job: { id: number }) => job.id), [a]);
    t.like(first.body, { more: true, next_after_id: a });
    t.is(first.body.dependencies.length, 2, 'b and c wait on a');
    const next = await http.get(`/projects/${projectId}/graph/jobs?task_id=${prepare}&limit=1&after_id=${a}`);
    t.deepEqual(next.body.jobs.map((job: { id: number }) => job.id), [b]);
    t.like(next.body, { more: false, next_after_id: null });
    const batch = await http.get(`/projects/${projectId}/graph/jobs?around=${d}`);
    t.deepEqual(batch.body.jobs.map((job: { id: number }) => job.id), [a, b, c, d]);
    t.is(batch.body.dependencies.length, 4);
    t.like(batch.body, { more: false, next_after_id: null });
    const nearest = await http.get(`/projects/${projectId}/graph/jobs?around=${d}&limit=2`);
    t.deepEqual(nearest.body.jobs.map((job: { id: number }) => job.id), [c, d], 'd and its one neighbour');
    t.true(nearest.body.more);
    validationIs(t, await http.get(`/projects/${projectId}/graph/jobs`), ['query']);
    validationIs(t, await http.get(`/projects/${projectId}/graph/jobs?task_id=${train}&around=${d}`), ['query']);
    validationIs(t, await http.get(`/projects/${projectId}/graph/jobs?around=${d}&after_id=1`), ['query']);
    validationIs(t, await http.get(`/projects/${projectId}/graph/jobs?task_id=${train}&limit=5001`), ['query', 'limit']);
    const other = await createLab(http);
    detailIs(t, await http.get(`/projects/${projectId}/graph/jobs?task_id=${other.taskId}`), 404, [`in project ${projectId}`]);
    detailIs(t, await http.get(`/projects/${projectId}/graph/jobs?around=${UNKNOWN}`), 404);
    detailIs(t, await http.get(`/projects/${UNKNOWN}/graph/jobs?around=${d}`), 404);
  },
  'get /tasks/': async (t, http) => {
    const lab = await createLab(http);
    for (const path of ['/tasks', '/tasks/']) {
      const answer = await http.get(`${path}?project_id=${lab.projectId}`);
      t.is(answer.status, 200, path);
      t.deepEqual((answer.body as { id: number }[]).map((task) => task.id), [lab.taskId]);
    }
    validationIs(t, await http.get('/tasks'), ['query', 'project_id']);
    const unknown = await http.get(`/tasks?project_id=${UNKNOWN}`);
    // The original says 400 here; this server documents 404. Either way a detail, never a list.
    t.true([400, 404].includes(unknown.status), unknown.text);
    t.is(typeof unknown.body?.detail, 'string');
  },
  'post /tasks/': async (t, http) => {
    const project = await createProject(http);
    for (const path of ['/tasks', '/tasks/']) {
      const name = unique('t');
      const answer = await http.post(path, { name, project_id: project.id });
      t.is(answer.status, 201, `${path}: ${answer.text}`);
      t.is(answer.body.name, name);
      t.is(answer.body.project_id, project.id);
      t.is(answer.body.required_cpu, 1, 'default as the original');
      t.is(answer.body.required_accelerators, 0);
      t.is(answer.body.command_template, null);
    }
    const name = unique('dup');
    await createTask(http, project.id, name);
    detailIs(t, await http.post('/tasks', { name, project_id: project.id }), 409, [name]);
    const other = await createProject(http);
    t.is((await http.post('/tasks', { name, project_id: other.id })).status, 201, 'the same name in another project');
    detailIs(t, await http.post('/tasks', { name: unique('t'), project_id: UNKNOWN }), 400, [String(UNKNOWN)]);
    validationIs(t, await http.post('/tasks', { project_id: project.id }), ['body', 'name']);
  },
  'get /tasks/name/{name}': async (t, http) => {
    const name = unique('shared task');
    const first = await createProject(http);
    const second = await createProject(http);
    const a = await createTask(http, first.id, name);
    const b = await createTask(http, second.id, name);
    const answer = await http.get(`/tasks/name/${encodeURIComponent(name)}?project_id=${second.id}`);
    t.is(answer.status, 200);
    t.is(answer.body.id, b.id);
    t.is((await http.get(`/tasks/name/${encodeURIComponent(name)}`)).body.id, a.id, 'without project_id: the oldest');
    const empty = await createProject(http);
    detailIs(t, await http.get(`/tasks/name/${encodeURIComponent(name)}?project_id=${empty.id}`), 404);
    detailIs(t, await http.get(`/tasks/name/${encodeURIComponent(`${name}-nope`)}?project_id=${first.id}`), 404);
  },
  'get /tasks/{task_id}': async (t, http) => {
    const lab = await createLab(http);
    const answer = await http.get(`/tasks/${lab.taskId}`);
    t.is(answer.status, 200);
    t.is(answer.body.name, lab.taskName);
    detailIs(t, await http.get(`/tasks/${UNKNOWN}`), 404);
    // Not 422: the CLI's `tasks show NAME` falls back to the lookup by name only on a 404.
    const byName = await http.get(`/tasks/${encodeURIComponent(lab.taskName)}`);
    t.is(byName.status, 404);
    t.deepEqual(byName.body, { detail: 'Not Found' });
  },
  'put /tasks/{task_id}': async (t, http) => {
    const lab = await createLab(http);
    const answer = await http.put(`/tasks/${lab.taskId}`, { required_cpu: 4, command_template: 'run {x}' });
    t.is(answer.status, 200, answer.text);
    t.deepEqual(keysOf(answer.body), ['data']);
    t.is(answer.body.data.required_cpu, 4);
    t.is(answer.body.data.command_template, 'run {x}');
    t.is(answer.body.data.name, lab.taskName, 'fields not sent stay');
    t.is((await http.get(`/tasks/${lab.taskId}`)).body.required_cpu, 4);
    const other = await createTask(http, lab.projectId);
    detailIs(t, await http.put(`/tasks/${lab.taskId}`, { name: other.name }), 409, [other.name]);
    detailIs(t, await http.put(`/tasks/${UNKNOWN}`, { required_cpu: 1 }), 404);
    validationIs(t, await http.put(`/tasks/${lab.taskId}`, { required_cpu: 'lots' }), ['body', 'required_cpu']);
  },
  'delete /tasks/{task_id}': async (t, http) => {
    const lab = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    const answer = await http.del(`/tasks/${lab.taskId}`);
    t.is(answer.status, 204);
    t.is(answer.text, '');
    t.is((await http.get(`/tasks/${lab.taskId}`)).status, 404);
    t.is((await http.get(`/jobs/${job.id}`)).status, 404, 'its jobs go with it');
    detailIs(t, await http.del(`/tasks/${lab.taskId}`), 404);
  },
  'get /jobs/': async (t, http) => {
    const lab = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    for (const path of ['/jobs', '/jobs/']) {
      const answer = await http.get(`${path}?project_id=${lab.projectId}`);
      t.is(answer.status, 200, path);
      t.deepEqual((answer.body as { id: number }[]).map((j) => j.id), [job.id]);
    }
    const all = await http.get('/jobs?limit=10000');
    t.true((all.body as { id: number }[]).some((j) => j.id === job.id), 'without project_id: every project');
    validationIs(t, await http.get('/jobs?project_id=abc'), ['query', 'project_id']);
    validationIs(t, await http.get('/jobs?status=sleeping'), ['query', 'status']);
  },
  'post /jobs/': async (t, http) => {
    const lab = await createLab(http);
    for (const path of ['/jobs', '/jobs/']) {
      const answer = await http.post(path, { name: 'j', project_id: lab.projectId, task_id: lab.taskId, parameters: { a: 1 }, status: 'PENDING', priority: 3, depends: {} });
      t.is(answer.status, 201, `${path}: ${answer.text}`);
      t.is(answer.body.status, 'PENDING');
      t.is(answer.body.priority, 3);
      t.deepEqual(answer.body.depends, {});
      t.deepEqual(answer.body.parameters, { a: 1 });
    }
    const minimal = await http.post('/jobs', { name: 'm', project_id: lab.projectId, task_id: lab.taskId });
    t.is(minimal.status, 201, 'parameters, status, priority and depends are optional');
    t.deepEqual(minimal.body.parameters, {});
    t.is(minimal.body.priority, 0);
    detailIs(t, await http.post('/jobs', { name: 'x', project_id: UNKNOWN, task_id: lab.taskId, parameters: {} }), 400, [String(UNKNOWN)]);
    detailIs(t, await http.post('/jobs', { name: 'x', project_id: lab.projectId, task_id: UNKNOWN, parameters: {} }), 400, [String(UNKNOWN)]);
    const other = await createLab(http);
    detailIs(t, await http.post('/jobs', { name: 'x', project_id: lab.projectId, task_id: other.taskId, parameters: {} }), 400, [String(other.taskId)]);
    validationIs(t, await http.post('/jobs', { project_id: lab.projectId, task_id: lab.taskId }), ['body', 'name']);
    validationIs(t, await http.post('/jobs', { name: 'x', project_id: lab.projectId, task_id: lab.taskId, status: 'sleeping' }), ['body', 'status']);
    validationIs(t, await http.post('/jobs', { name: 'x', project_id: lab.projectId, task_id: lab.taskId, parameters: [1, 2] }), ['body', 'parameters']);
  },
  'get /jobs/{job_id}': async (t, http) => {
    const lab = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId, { parameters: { lr: 0.1 }, priority: 2 });
    const answer = await http.get(`/jobs/${job.id}`);
    t.is(answer.status, 200);
    for (const key of ['id', 'name', 'project_id', 'task_id', 'parameters', 'status', 'priority', 'depends', 'created_at', 'updated_at']) {
      t.true(key in answer.body, `${key} in ${answer.text}`);
    }
    t.is(answer.body.id, job.id);
    t.is(answer.body.status, 'PENDING');
    t.is(answer.body.priority, 2);
    t.deepEqual(answer.body.depends, {});
    detailIs(t, await http.get(`/jobs/${UNKNOWN}`), 404, [String(UNKNOWN)]);
  },
  'put /jobs/{job_id}': async (t, http) => {
    const lab = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    const answer = await http.put(`/jobs/${job.id}`, { priority: 7, name: 'renamed', parameters: { x: 2 } });
    t.is(answer.status, 200, answer.text);
    t.deepEqual(keysOf(answer.body), ['data']);
    t.is(answer.body.data.priority, 7);
    t.is(answer.body.data.name, 'renamed');
    t.deepEqual(answer.body.data.parameters, { x: 2 });
    t.is(answer.body.data.status, 'PENDING');
    t.is((await http.get(`/jobs/${job.id}`)).body.priority, 7);
    detailIs(t, await http.put(`/jobs/${UNKNOWN}`, { priority: 1 }), 404);
    detailIs(t, await http.put(`/jobs/${job.id}`, { task_id: UNKNOWN }), 400, [String(UNKNOWN)]);
    validationIs(t, await http.put(`/jobs/${job.id}`, { status: 'sleeping' }), ['body', 'status']);
  },
  'delete /jobs/{job_id}': async (t, http) => {
    const lab = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    const answer = await http.del(`/jobs/${job.id}`);
    t.is(answer.status, 204);
    t.is(answer.text, '');
    t.is((await http.get(`/jobs/${job.id}`)).status, 404);
    detailIs(t, await http.del(`/jobs/${job.id}`), 404);
  },
  'get /jobs/{job_id}/dependencies': async (t, http) => {
    const lab = await createLab(http);
    const first = await submitJob(http, lab.projectId, lab.taskId, { name: 'first' });
    const second = await submitJob(http, lab.projectId, lab.taskId, { name: 'second', depends: { [first.id]: 'first' } });
    const answer = await http.get(`/jobs/${second.id}/dependencies`);
    t.is(answer.status, 200, answer.text);
    t.is(answer.body.job_id, second.id);
    t.is(answer.body.job_name, 'second');
    t.is(answer.body.status, 'PENDING');
    t.deepEqual(answer.body.dependencies, [{ job_id: first.id, job_name: 'first', status: 'PENDING' }]);
    t.is(answer.body.all_completed, false);
    t.is(answer.body.has_failed, false);
    detailIs(t, await http.get(`/jobs/${UNKNOWN}/dependencies`), 404);
  },
  'get /jobs/{job_id}/history': async (t, http) => {
    const lab = await createLab(http, { retry_on_failure: true });
    const job = await submitJob(http, lab.projectId, lab.taskId);
    const worker = unique('w');
    await http.post('/clients/register', { id: worker, name: 'box', entity: 'lab' });
    const run = async (report: 'complete' | 'fail', body: Record<string, unknown> = {}) => {
      const claimed = await fetchJob(http, lab.projectId, `?client_id=${worker}`);
      t.is(claimed.job?.id, job.id, claimed.text);
      t.is((await http.post(`/jobs/${job.id}/start`, { client_id: worker })).status, 200);
      const answer = await http.post(`/jobs/${job.id}/${report}`, { client_id: worker, ...body });
      t.is(answer.status, 200, answer.text);
    };
    await run('fail', { exit_code: 1, reason: 'exit code 1\nTraceback: the log tail' });
    await run('complete');
    const other = await submitJob(http, lab.projectId, lab.taskId);
    await http.post(`/jobs/${other.id}/cancel`);
    await http.post(`/jobs/${other.id}/retry`);

    const answer = await http.get(`/jobs/${job.id}/history`);
    t.is(answer.status, 200, answer.text);
    t.deepEqual(keysOf(answer.body), ['created_at', 'history', 'job_id']);
    t.is(answer.body.job_id, job.id);
    t.is(answer.body.created_at, job.created_at);
    const history = answer.body.history as { from: string; to: string; at: string; worker: string | null; attempt: number; reason: string | null }[];
    t.deepEqual(
      history.map(({ at, ...change }) => change),
      [
        { from: 'PENDING', to: 'QUEUED', worker, attempt: 1, reason: null },
        { from: 'QUEUED', to: 'RUNNING', worker, attempt: 1, reason: null },
        { from: 'RUNNING', to: 'PENDING', worker, attempt: 1, reason: 'exit code 1' },
        { from: 'PENDING', to: 'QUEUED', worker, attempt: 2, reason: null },
        { from: 'QUEUED', to: 'RUNNING', worker, attempt: 2, reason: null },
        { from: 'RUNNING', to: 'COMPLETED', worker, attempt: 2, reason: null },
      ],
    );
    for (const change of history) t.regex(change.at, ISO_Z);
    t.deepEqual(history.map((change) => Date.parse(change.at)), history.map((change) => Date.parse(change.at)).sort((a, b) => a - b), 'oldest first');
    t.is(history.at(-1)?.at, (await http.get(`/jobs/${job.id}`)).body.finished_at);

    const cancelled = await http.get(`/jobs/${other.id}/history`);
    t.deepEqual(
      (cancelled.body.history as { from: string; to: string; worker: null }[]).map(({ from, to, worker: by }) => ({ from, to, by })),
      [
        { from: 'PENDING', to: 'CANCELLED', by: null },
        { from: 'CANCELLED', to: 'PENDING', by: null },
      ],
    );
    const fresh = await submitJob(http, lab.projectId, lab.taskId);
    t.deepEqual((await http.get(`/jobs/${fresh.id}/history`)).body, { job_id: fresh.id, created_at: fresh.created_at, history: [] });
    detailIs(t, await http.get(`/jobs/${UNKNOWN}/history`), 404, [String(UNKNOWN)]);
    validationIs(t, await http.get('/jobs/abc/history'), ['path', 'job_id']);
  },
  'post /jobs/{job_id}/cancel': async (t, http) => {
    const lab = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    const answer = await http.post(`/jobs/${job.id}/cancel`);
    t.is(answer.status, 200, answer.text);
    t.is(answer.body.status, 'CANCELLED');
    detailIs(t, await http.post(`/jobs/${job.id}/cancel`), 409, [String(job.id), 'CANCELLED']);
    detailIs(t, await http.post(`/jobs/${UNKNOWN}/cancel`), 404);
  },
  'post /jobs/{job_id}/retry': async (t, http) => {
    const lab = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    detailIs(t, await http.post(`/jobs/${job.id}/retry`), 409, [String(job.id), 'PENDING']);
    await http.post(`/jobs/${job.id}/cancel`);
    const answer = await http.post(`/jobs/${job.id}/retry`);
    t.is(answer.status, 200, answer.text);
    t.is(answer.body.status, 'PENDING');
    detailIs(t, await http.post(`/jobs/${UNKNOWN}/retry`), 404);
  },
  'post /jobs/reports': async (t, http) => {
    const { jobId } = await claimedJob(http);
    const answer = await http.post('/jobs/reports', {
      reports: [
        { job_id: jobId, action: 'start' },
        { job_id: jobId, action: 'complete' },
        { job_id: jobId, action: 'start' },
        { job_id: UNKNOWN, action: 'complete' },
      ],
    });
    t.is(answer.status, 200, answer.text);
    // Lean: the job's new status, or the refusal; in the order sent.
    t.deepEqual(answer.body.results.slice(0, 2), [
      { job_id: jobId, status: 'RUNNING' },
      { job_id: jobId, status: 'COMPLETED' },
    ]);
    t.like(answer.body.results[2], { job_id: jobId, error: { status: 409 } });
    t.true(String(answer.body.results[2]?.error?.detail).includes('COMPLETED'), answer.text);
    t.like(answer.body.results[3], { job_id: UNKNOWN, error: { status: 404 } });
    t.is(answer.body.results.length, 4);
    t.is((await http.get(`/jobs/${jobId}`)).body.status, 'COMPLETED');
    validationIs(t, await http.post('/jobs/reports', { reports: [] }), ['body', 'reports']);
    validationIs(t, await http.post('/jobs/reports', { reports: [{ job_id: jobId, action: 'fail' }] }), ['body', 'reports', 0, 'action']);
  },
  'post /jobs/{job_id}/start': async (t, http) => {
    const { jobId } = await claimedJob(http);
    const answer = await http.post(`/jobs/${jobId}/start`, {});
    t.is(answer.status, 200, answer.text);
    t.is(answer.body.status, 'RUNNING');
    detailIs(t, await http.post(`/jobs/${jobId}/start`, {}), 409, [String(jobId), 'RUNNING']);
    detailIs(t, await http.post(`/jobs/${UNKNOWN}/start`, {}), 404);
  },
  'post /jobs/{job_id}/complete': async (t, http) => {
    const { jobId } = await claimedJob(http);
    detailIs(t, await http.post(`/jobs/${jobId}/complete`, {}), 409, [String(jobId), 'QUEUED']);
    await http.post(`/jobs/${jobId}/start`, {});
    const answer = await http.post(`/jobs/${jobId}/complete`, {});
    t.is(answer.status, 200, answer.text);
    t.is(answer.body.status, 'COMPLETED');
    t.is(answer.body.exit_code, 0);
    detailIs(t, await http.post(`/jobs/${UNKNOWN}/complete`, {}), 404);
  },
  'post /jobs/{job_id}/fail': async (t, http) => {
    const { jobId } = await claimedJob(http);
    const answer = await http.post(`/jobs/${jobId}/fail`, { reason: 'out of memory', exit_code: 137 });
    t.is(answer.status, 200, answer.text);
    t.is(answer.body.status, 'FAILED');
    t.is(answer.body.exit_code, 137);
    t.is(answer.body.failure_reason, 'out of memory');
    detailIs(t, await http.post(`/jobs/${jobId}/fail`, {}), 409, [String(jobId), 'FAILED']);
    detailIs(t, await http.post(`/jobs/${UNKNOWN}/fail`, {}), 404);
    validationIs(t, await http.post(`/jobs/${jobId}/fail`, { exit_code: 'x' }), ['body', 'exit_code']);
  },
  'post /jobs/{job_id}/release': async (t, http) => {
    const { jobId, projectId } = await claimedJob(http);
    const answer = await http.post(`/jobs/${jobId}/release`, {});
    t.is(answer.status, 200, answer.text);
    t.is(answer.body.status, 'PENDING');
    t.is((await fetchJob(http, projectId)).job?.id, jobId, 'back in the queue');
    await http.post(`/jobs/${jobId}/cancel`);
    detailIs(t, await http.post(`/jobs/${jobId}/release`, {}), 409, [String(jobId), 'CANCELLED']);
    detailIs(t, await http.post(`/jobs/${UNKNOWN}/release`, {}), 404);
  },
  'get /clients/': async (t, http) => {
    const id = unique('c');
    await http.post('/clients/register', { id, name: 'n', entity: 'e' });
    for (const path of ['/clients', '/clients/']) {
      const answer = await http.get(`${path}?limit=10000`);
      t.is(answer.status, 200, path);
      t.true((answer.body as { id: string }[]).some((c) => c.id === id), path);
    }
    validationIs(t, await http.get('/clients?active_only=maybe'), ['query', 'active_only']);
  },
  'post /clients/register': async (t, http) => {
    const id = unique('c');
    const answer = await http.post('/clients/register', { id, name: 'box', entity: 'lab', description: null, available_cpu: 8, available_accelerators: 1 });
    t.is(answer.status, 201, answer.text);
    t.is(answer.body.id, id);
    t.is(answer.body.available_cpu, 8);
    t.is(answer.body.is_active, 1);
    for (const key of ['name', 'entity', 'description', 'available_cpu', 'available_accelerators', 'id', 'last_heartbeat', 'created_at', 'is_active']) {
      t.true(key in answer.body, key);
    }
    validationIs(t, await http.post('/clients/register', { id, name: 'box' }), ['body', 'entity']);
    const badId = await http.post('/clients/register', { id: 'no spaces allowed', name: 'box', entity: 'lab' });
    t.true(badId.status === 400 || badId.status === 422, badId.text);
  },
  'get /clients/{client_id}': async (t, http) => {
    const id = unique('c');
    await http.post('/clients/register', { id, name: 'box', entity: 'lab' });
    const answer = await http.get(`/clients/${id}`);
    t.is(answer.status, 200);
    t.is(answer.body.name, 'box');
    detailIs(t, await http.get(`/clients/${id}-nope`), 404);
  },
  'post /clients/{client_id}/heartbeat': async (t, http) => {
    const id = unique('c');
    const registered = await http.post('/clients/register', { id, name: 'box', entity: 'lab' });
    await sleep(5);
    const answer = await http.post(`/clients/${id}/heartbeat`);
    t.is(answer.status, 200, answer.text);
    t.is(answer.body.status, 'ok');
    t.deepEqual(answer.body.held_job_ids, []);
    t.true((await http.get(`/clients/${id}`)).body.last_heartbeat > registered.body.last_heartbeat, 'last_heartbeat moves');
    detailIs(t, await http.post(`/clients/${id}-nope/heartbeat`), 404);
  },
  'put /clients/{client_id}': async (t, http) => {
    const id = unique('c');
    await http.post('/clients/register', { id, name: 'box', entity: 'lab', available_cpu: 2 });
    const answer = await http.put(`/clients/${id}`, { available_cpu: 16, available_accelerators: null });
    t.is(answer.status, 200, answer.text);
    t.deepEqual(keysOf(answer.body), ['data']);
    t.is(answer.body.data.available_cpu, 16);
    t.is(answer.body.data.available_accelerators, 0, 'null leaves it');
    t.is((await http.get(`/clients/${id}`)).body.available_cpu, 16);
    detailIs(t, await http.put(`/clients/${id}-nope`, { available_cpu: 1 }), 404);
    validationIs(t, await http.put(`/clients/${id}`, { available_cpu: -1 }), ['body', 'available_cpu']);
  },
  'post /clients/{client_id}/deactivate': async (t, http) => {
    const id = unique('c');
    await http.post('/clients/register', { id, name: 'box', entity: 'lab' });
    const answer = await http.post(`/clients/${id}/deactivate`);
    t.is(answer.status, 200);
    t.deepEqual(answer.body, { status: 'deactivated' });
    t.is((await http.get(`/clients/${id}`)).body.is_active, 0);
    detailIs(t, await http.post(`/clients/${id}-nope/deactivate`), 404);
  },
  'delete /clients/{client_id}': async (t, http) => {
    const id = unique('c');
    await http.post('/clients/register', { id, name: 'box', entity: 'lab' });
    const answer = await http.del(`/clients/${id}`);
    t.is(answer.status, 204);
    t.is(answer.text, '');
    t.is((await http.get(`/clients/${id}`)).status, 404);
    detailIs(t, await http.del(`/clients/${id}`), 404);
  },
};

forEachStore((store, { shared, start }) => {
  const title = (text: string) => `${store}: ${text}`;

  test(title('the route cases cover the route table exactly'), async (t) => {
    const server = await shared();
    t.deepEqual(routeTable(server).map(routeKey).sort(), Object.keys(ROUTE_CASES).sort());
  });

  for (const [key, check] of Object.entries(ROUTE_CASES)) {
    test(title(`${key}: main path and errors`), async (t) => check(t, (await shared()).http));
  }

  test(title('collection routes answer both spellings directly, never with a redirect'), async (t) => {
    const server = await shared();
    await buildDashboard();
    const collections = routeTable(server).filter((route) => route.collection);
    t.deepEqual(collections.map(routeKey).sort(), ['get /clients/', 'get /jobs/', 'get /projects/', 'get /tasks/', 'get /ui', 'post /jobs/', 'post /projects/', 'post /tasks/']);
    const lab = await createLab(server.http);
    const bodies: Record<string, () => unknown> = {
      '/projects/': () => ({ name: unique('p') }),
      '/tasks/': () => ({ name: unique('t'), project_id: lab.projectId }),
      '/jobs/': () => ({ name: 'j', project_id: lab.projectId, task_id: lab.taskId, parameters: {} }),
    };
    for (const route of collections) {
      for (const path of spellings(route)) {
        const answer =
          route.method === 'get'
            ? await server.http.get(`${path}?project_id=${lab.projectId}`)
            : await server.http.post(path, bodies[route.path]!());
        t.is(answer.status, route.method === 'get' ? 200 : 201, `${route.method} ${path}: ${answer.status} ${answer.text}`);
        t.is(answer.headers.get('location'), null);
      }
    }
  });

  test(title('a non-integer id is a 422 with a pydantic-like detail on every route with ids (GET /tasks/{x}: 404)'), async (t) => {
    const server = await shared();
    let checked = 0;
    for (const route of routeTable(server)) {
      const ids = pathParams(route.path).filter(isIntegerParam);
      for (const bad of ids) {
        const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === bad ? 'abc' : isIntegerParam(name) ? '1' : 'x'));
        const answer = await server.http.call(route.method.toUpperCase(), path, route.body ? { body: {} } : {});
        if (routeKey(route) === 'get /tasks/{task_id}') {
          t.is(answer.status, 404, path);
          t.deepEqual(answer.body, { detail: 'Not Found' });
        } else {
          validationIs(t, answer, ['path', bad]);
        }
        checked += 1;
      }
    }
    t.true(checked >= 20, `${checked} routes with ids`);
    validationIs(t, await server.http.get('/jobs/1.5'), ['path', 'job_id']);
    validationIs(t, await server.http.get('/projects/99999999999999999999'), ['path', 'project_id']);
  });

  test(title('unknown routes are 404 {"detail":"Not Found"}'), async (t) => {
    const server = await shared();
    for (const [method, path] of [
      ['GET', '/nope'],
      ['GET', '/projects/1/nope'],
      ['POST', '/jobs/1/explode'],
      ['GET', '/jobs/1/'],
      ['DELETE', '/api/projects'],
    ] as const) {
      const answer = await server.http.call(method, path);
      t.is(answer.status, 404, `${method} ${path}`);
      t.deepEqual(answer.body, { detail: 'Not Found' }, `${method} ${path}`);
    }
  });

  test(title('a wrong method is 405 {"detail":"Method Not Allowed"}'), async (t) => {
    const server = await shared();
    for (const [method, path] of [
      ['PATCH', '/projects/1'],
      ['DELETE', '/projects'],
      ['DELETE', '/projects/'],
      ['PUT', '/jobs'],
      ['POST', '/projects/1/fetch_job'],
      ['GET', '/clients/x/heartbeat'],
      ['POST', '/'],
    ] as const) {
      const answer = await server.http.call(method, path);
      t.is(answer.status, 405, `${method} ${path}: ${answer.text}`);
      t.deepEqual(answer.body, { detail: 'Method Not Allowed' }, `${method} ${path}`);
      t.truthy(answer.headers.get('allow'), `${method} ${path}: Allow header`);
    }
  });

  test(title('a malformed JSON body is a 400 with a detail'), async (t) => {
    const server = await shared();
    const lab = await createLab(server.http);
    for (const [method, path, text] of [
      ['POST', '/projects', '{"name": '],
      ['POST', '/jobs', `{"name": "x", "project_id": ${lab.projectId}, "task_id": ${lab.taskId}, "parameters": {"a": 1,}}`],
      ['PUT', `/projects/${lab.projectId}`, '{nope}'],
      ['POST', `/projects/${lab.projectId}/jobs/batch`, '{"jobs": [}'],
    ] as const) {
      const answer = await server.http.call(method, path, { body: text });
      detailIs(t, answer, 400);
    }
    t.is((await server.http.get(`/jobs?project_id=${lab.projectId}`)).body.length, 0, 'nothing was stored');
  });

  test(title('statuses are emitted upper-case and accepted in any case'), async (t) => {
    const { http } = await shared();
    const archived = await http.post('/projects', { name: unique('arch'), status: 'archived' });
    t.is(archived.status, 201);
    t.is(archived.body.status, 'ARCHIVED');
    const mixed = await http.post('/projects', { name: unique('mixed'), status: 'Active' });
    t.is(mixed.body.status, 'ACTIVE');
    const lab = await createLab(http);
    for (const status of ['pending', 'Pending', 'PENDING']) {
      const job = await http.post('/jobs', { name: status, project_id: lab.projectId, task_id: lab.taskId, parameters: {}, status });
      t.is(job.status, 201, job.text);
      t.is(job.body.status, 'PENDING');
    }
    const claimed = await fetchJob(http, lab.projectId);
    t.is(claimed.job.status, 'QUEUED');
    const running = await setStatus(http, claimed.job.id, 'running');
    t.is(running.status, 200, running.text);
    t.is(running.body.data.status, 'RUNNING');
    t.is((await setStatus(http, claimed.job.id, 'Completed')).body.data.status, 'COMPLETED');
    t.is((await http.get(`/jobs/${claimed.job.id}/dependencies`)).body.status, 'COMPLETED');
    for (const filter of ['completed', 'COMPLETED', 'cOmPlEtEd']) {
      const listed = await http.get(`/jobs?project_id=${lab.projectId}&status=${filter}`);
      t.deepEqual((listed.body as { id: number }[]).map((j) => j.id), [claimed.job.id], filter);
    }
    t.is((await http.get(`/jobs?project_id=${lab.projectId}&status=pending`)).body.length, 2);
    t.is((await http.get(`/jobs?project_id=${lab.projectId}&status=all`)).body.length, 3);

    // status_filter on projects: any case, `all` and empty list everything, absent means ACTIVE.
    const ids = async (query: string) => {
      const answer = await http.get(`/projects?limit=10000${query}`);
      t.is(answer.status, 200, `${query}: ${answer.text}`);
      return new Set((answer.body as { id: number; status: string }[]).map((p) => p.id));
    };
    for (const [query, seesArchived, seesActive] of [
      ['', false, true],
      ['&status_filter=ACTIVE', false, true],
      ['&status_filter=active', false, true],
      ['&status_filter=archived', true, false],
      ['&status_filter=ARCHIVED', true, false],
      ['&status_filter=Archived', true, false],
      ['&status_filter=all', true, true],
      ['&status_filter=ALL', true, true],
      ['&status_filter=', true, true],
    ] as const) {
      const listed = await ids(query);
      t.is(listed.has(archived.body.id), seesArchived, `archived with '${query}'`);
      t.is(listed.has(mixed.body.id), seesActive, `active with '${query}'`);
    }
    const listed = await http.get('/projects?limit=10000&status_filter=archived');
    t.true((listed.body as { status: string }[]).every((p) => p.status === 'ARCHIVED'));
    validationIs(t, await http.get('/projects?status_filter=sleeping'), ['query', 'status_filter']);
  });

  test(title('duplicate names: project 409, task in the same project 409'), async (t) => {
    const { http } = await shared();
    const project = await createProject(http);
    detailIs(t, await http.post('/projects', { name: project.name }), 409, [project.name]);
    detailIs(t, await http.post('/projects/', { name: project.name }), 409);
    const task = await createTask(http, project.id);
    detailIs(t, await http.post('/tasks', { name: task.name, project_id: project.id }), 409, [task.name]);
    t.is((await http.get(`/tasks?project_id=${project.id}`)).body.length, 1);
  });

  test(title('unknown project in fetch_job and DELETE /projects/{id}/queue is 404; in POST /jobs 400'), async (t) => {
    const { http } = await shared();
    detailIs(t, await http.get(`/projects/${UNKNOWN}/fetch_job`), 404, [String(UNKNOWN)]);
    detailIs(t, await http.get(`/projects/${UNKNOWN}/fetch_job?available_cpu=2&client_id=w`), 404);
    detailIs(t, await http.del(`/projects/${UNKNOWN}/queue`), 404, [String(UNKNOWN)]);
    const lab = await createLab(http);
    detailIs(t, await http.post('/jobs', { name: 'x', project_id: UNKNOWN, task_id: lab.taskId, parameters: {}, status: 'PENDING', priority: 0, depends: {} }), 400);
    detailIs(t, await http.post('/jobs', { name: 'x', project_id: lab.projectId, task_id: UNKNOWN, parameters: {}, status: 'PENDING', priority: 0, depends: {} }), 400);
  });

  test(title('unknown or cross-project dependencies are 400 naming the id'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const other = await createLab(http);
    const foreign = await submitJob(http, other.projectId, other.taskId);
    const base = { name: 'x', project_id: lab.projectId, task_id: lab.taskId, parameters: {} };
    detailIs(t, await http.post('/jobs', { ...base, depends: { [UNKNOWN]: 'ghost' } }), 400, [String(UNKNOWN)]);
    detailIs(t, await http.post('/jobs', { ...base, depends: { [foreign.id]: 'foreign' } }), 400, [String(foreign.id)]);
    detailIs(t, await http.post(`/projects/${lab.projectId}/jobs/batch`, { jobs: [{ name: 'b', task_id: lab.taskId, depends: { [UNKNOWN]: 'x' } }] }), 400, [String(UNKNOWN)]);
    detailIs(t, await http.post(`/projects/${lab.projectId}/jobs/batch`, { jobs: [{ name: 'b', task_id: lab.taskId, depends: { [foreign.id]: 'x' } }] }), 400, [String(foreign.id)]);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    detailIs(t, await http.put(`/jobs/${job.id}`, { depends: { [UNKNOWN]: 'ghost' } }), 400, [String(UNKNOWN)]);
    detailIs(t, await http.put(`/jobs/${job.id}`, { depends: { [foreign.id]: 'x' } }), 400, [String(foreign.id)]);
    const notAnId = await http.post('/jobs', { ...base, depends: { first: 'x' } });
    t.true(notAnId.status >= 400 && notAnId.status < 500, `a non-integer depends key: ${notAnId.status}`);
    t.is((await http.get(`/jobs?project_id=${lab.projectId}`)).body.length, 1, 'nothing else was stored');
  });

  test(title('a cycle through PUT depends is 400 and changes nothing'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const a = await submitJob(http, lab.projectId, lab.taskId, { name: 'a' });
    const b = await submitJob(http, lab.projectId, lab.taskId, { name: 'b', depends: { [a.id]: 'a' } });
    const c = await submitJob(http, lab.projectId, lab.taskId, { name: 'c', depends: { [b.id]: 'b' } });
    const cycle = await http.put(`/jobs/${a.id}`, { depends: { [c.id]: 'c' } });
    detailIs(t, cycle, 400);
    t.regex(cycle.body.detail, /circular|cycle/i);
    const self = await http.put(`/jobs/${a.id}`, { depends: { [a.id]: 'a' } });
    detailIs(t, self, 400);
    t.deepEqual((await http.get(`/jobs/${a.id}`)).body.depends, {});
    // The Python client's set_depends_to: GET, then PUT the same dict with new depends.
    const got = await http.get(`/jobs/${a.id}`);
    detailIs(t, await http.put(`/jobs/${a.id}`, { ...got.body, depends: { [b.id]: 'b' } }), 400);
  });

  test(title('a job submitted on a FAILED (or CANCELLED) dependency is BLOCKED at once'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const failed = await submitJob(http, lab.projectId, lab.taskId, { name: 'will fail' });
    t.is((await fetchJob(http, lab.projectId)).job.id, failed.id);
    t.is((await setStatus(http, failed.id, 'FAILED')).status, 200);
    const dependent = await http.post('/jobs', { name: 'late', project_id: lab.projectId, task_id: lab.taskId, parameters: {}, status: 'PENDING', priority: 0, depends: { [failed.id]: 'will fail' } });
    t.is(dependent.status, 201, dependent.text);
    t.is(dependent.body.status, 'BLOCKED');
    t.is((await http.get(`/jobs/${dependent.body.id}`)).body.status, 'BLOCKED');
    const cancelled = await submitJob(http, lab.projectId, lab.taskId, { name: 'will cancel' });
    await http.post(`/jobs/${cancelled.id}/cancel`);
    const [viaBatch] = await submitBatch(http, lab.projectId, [{ name: 'batched', task_id: lab.taskId, depends: { [cancelled.id]: 'x' } }]);
    t.is((await http.get(`/jobs/${viaBatch}`)).body.status, 'BLOCKED');
    const next = await fetchJob(http, lab.projectId);
    t.is(next.job, null, 'nothing claimable');
    t.is(next.num_pending, 0);
  });

  test(title('limit: up to 10000 accepted, 10001 is 422, on every listing'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    for (const path of ['/projects?', '/jobs?', `/tasks?project_id=${lab.projectId}&`, '/clients?']) {
      t.is((await http.get(`${path}limit=10000`)).status, 200, path);
      validationIs(t, await http.get(`${path}limit=10001`), ['query', 'limit']);
      validationIs(t, await http.get(`${path}limit=0`), ['query', 'limit']);
      validationIs(t, await http.get(`${path}limit=ten`), ['query', 'limit']);
    }
  });

  test(title('listings are ordered by id; defaults are 10 for projects, tasks and jobs'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const taskIds = [lab.taskId];
    for (let i = 0; i < 11; i++) taskIds.push((await createTask(http, lab.projectId)).id);
    const jobIds = await submitBatch(http, lab.projectId, Array.from({ length: 12 }, (_, i) => ({ name: `j${i}`, task_id: lab.taskId, priority: i % 3 })));
    for (let i = 0; i < 11; i++) await createProject(http);

    const tasks = await http.get(`/tasks?project_id=${lab.projectId}`);
    t.deepEqual((tasks.body as { id: number }[]).map((x) => x.id), taskIds.slice(0, 10));
    t.deepEqual((await http.get(`/tasks/?project_id=${lab.projectId}&skip=10`)).body.map((x: { id: number }) => x.id), taskIds.slice(10));

    const jobs = await http.get(`/jobs?project_id=${lab.projectId}`);
    t.deepEqual((jobs.body as { id: number }[]).map((x) => x.id), jobIds.slice(0, 10), 'id order, not priority');
    t.deepEqual((await http.get(`/jobs/?project_id=${lab.projectId}&skip=10&limit=5`)).body.map((x: { id: number }) => x.id), jobIds.slice(10));
    // By key (extension): after the last id of a page comes the next page, with the filters kept.
    const idsOf = async (query: string) => ((await http.get(`/jobs/?project_id=${lab.projectId}&${query}`)).body as { id: number }[]).map((x) => x.id);
    t.deepEqual(await idsOf(`after_id=${jobIds[4]}&limit=3`), jobIds.slice(5, 8));
    t.deepEqual(await idsOf(`after_id=${jobIds[9]}`), jobIds.slice(10));
    t.deepEqual(await idsOf(`after_id=0&limit=2`), jobIds.slice(0, 2));
    t.deepEqual(await idsOf(`after_id=${jobIds[11]}`), []);
    t.deepEqual(await idsOf(`after_id=${jobIds[4]}&limit=2&skip=1`), jobIds.slice(6, 8));
    validationIs(t, await http.get('/jobs?after_id=-1'), ['query', 'after_id']);
    validationIs(t, await http.get('/jobs?after_id=first'), ['query', 'after_id']);

    const projects = (await http.get('/projects')).body as { id: number }[];
    t.is(projects.length, 10);
    const allProjects = (await http.get('/projects?limit=10000&status_filter=all')).body as { id: number }[];
    const sorted = allProjects.map((p) => p.id);
    t.deepEqual(sorted, [...sorted].sort((a, b) => a - b));
    const allJobs = ((await http.get('/jobs?limit=10000')).body as { id: number }[]).map((j) => j.id);
    t.deepEqual(allJobs, [...allJobs].sort((a, b) => a - b));
    t.is(((await http.get('/jobs')).body as unknown[]).length, 10);
  });

  test(title('clients: default limit 100, ordered by registration'), async (t) => {
    const { http } = await shared();
    const ids: string[] = [];
    for (let i = 0; i < 101; i++) {
      const id = unique('fleet');
      ids.push(id);
      t.is((await http.post('/clients/register', { id, name: `w${i}`, entity: 'lab' })).status, 201);
    }
    const listed = (await http.get('/clients?active_only=False')).body as { id: string; created_at: string }[];
    t.is(listed.length, 100);
    const all = (await http.get('/clients?active_only=False&limit=10000')).body as { id: string; created_at: string }[];
    const positions = ids.map((id) => all.findIndex((c) => c.id === id));
    t.false(positions.includes(-1));
    t.deepEqual(positions, [...positions].sort((a, b) => a - b), 'registration order');
    const created = all.map((c) => c.created_at);
    t.deepEqual(created, [...created].sort());
  });

  test(title('timestamps are ISO 8601 with Z everywhere'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    const clientId = unique('c');
    const client = await http.post('/clients/register', { id: clientId, name: 'n', entity: 'e' });
    const claimed = await fetchJob(http, lab.projectId);
    const leased = await submitJob(http, lab.projectId, lab.taskId);
    const lease = await http.get(`/projects/${lab.projectId}/fetch_job?client_id=${clientId}`);
    t.is(lease.body.job.id, leased.id);
    const stamps: [string, unknown][] = [
      ['project.created_at', (await http.get(`/projects/${lab.projectId}`)).body.created_at],
      ['project.updated_at', (await http.get(`/projects/${lab.projectId}`)).body.updated_at],
      ['project PUT data', (await http.put(`/projects/${lab.projectId}`, { description: 'x' })).body.data.updated_at],
      ['task.created_at', (await http.get(`/tasks/${lab.taskId}`)).body.created_at],
      ['task PUT data', (await http.put(`/tasks/${lab.taskId}`, { required_cpu: 1 })).body.data.updated_at],
      ['job POST', job.created_at],
      ['job GET', (await http.get(`/jobs/${job.id}`)).body.updated_at],
      ['job list', (await http.get(`/jobs?project_id=${lab.projectId}`)).body[0].created_at],
      ['fetch_job', claimed.job.created_at],
      ['fetch_job updated', claimed.job.updated_at],
      ['lease_expires_at', lease.body.lease_expires_at],
      ['job PUT data', (await setStatus(http, job.id, 'RUNNING')).body.data.updated_at],
      ['client.created_at', client.body.created_at],
      ['client.last_heartbeat', client.body.last_heartbeat],
      ['heartbeat lease', (await http.post(`/clients/${clientId}/heartbeat`)).body.lease_expires_at],
    ];
    for (const [what, stamp] of stamps) t.regex(String(stamp), ISO_Z, what);
  });

  test(title('updated_at changes on every update'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const job = await submitJob(http, lab.projectId, lab.taskId);
    const project = (await http.get(`/projects/${lab.projectId}`)).body;
    const task = (await http.get(`/tasks/${lab.taskId}`)).body;
    t.is(job.updated_at, job.created_at);
    await sleep(15);
    const p1 = (await http.put(`/projects/${lab.projectId}`, { description: 'changed' })).body.data;
    t.true(p1.updated_at > project.updated_at, `${p1.updated_at} > ${project.updated_at}`);
    t.is(p1.created_at, project.created_at);
    const t1 = (await http.put(`/tasks/${lab.taskId}`, { required_cpu: 3 })).body.data;
    t.true(t1.updated_at > task.updated_at);
    const j1 = (await http.put(`/jobs/${job.id}`, { priority: 5 })).body.data;
    t.true(j1.updated_at > job.updated_at);
    await sleep(15);
    const claimed = await fetchJob(http, lab.projectId);
    t.true(claimed.job.updated_at > j1.updated_at, 'a claim is an update');
    await sleep(15);
    const j2 = (await setStatus(http, job.id, 'RUNNING')).body.data;
    t.true(j2.updated_at > claimed.job.updated_at);
    t.is((await http.get(`/jobs/${job.id}`)).body.updated_at, j2.updated_at);
  });

  test(title('/checkdb is 503 {"status":"unhealthy"} once the database is gone; / stays healthy'), async (t) => {
    const server = await start();
    t.is((await server.http.get('/checkdb')).status, 200);
    await server.running.backend.store.close();
    const answer = await server.http.get('/checkdb');
    t.is(answer.status, 503, answer.text);
    t.is(answer.body.status, 'unhealthy');
    t.is(answer.body.database, 'disconnected');
    t.is(typeof answer.body.error, 'string');
    t.deepEqual((await server.http.get('/')).body, { status: 'healthy' });
    // Anything that needs the database is now a 500 without a stack trace, with a request id.
    const failing = await server.http.get('/projects');
    t.is(failing.status, 500);
    t.is(failing.body.detail, 'Internal Server Error');
    t.is(failing.body.request_id, failing.headers.get('x-request-id'));
    t.false(failing.text.includes('    at '), 'no stack trace');
    await server.close();
  });
});

test('memory: a body over WHATSNEXT_BODY_LIMIT is 413, a body under it is accepted', async (t) => {
  const server = await startTestServer('memory', { WHATSNEXT_BODY_LIMIT: '1kb' });
  const small = await server.http.post('/projects', { name: unique('small'), description: 'x'.repeat(500) });
  t.is(small.status, 201, small.text);
  const big = await server.http.post('/projects', { name: unique('big'), description: 'x'.repeat(4000) });
  t.is(big.status, 413, big.text);
  t.is(typeof big.body?.detail, 'string');
  t.is((await server.http.get('/projects?limit=10000')).body.length, 1);
  await server.close();
});


// A regression test: the locs once carried io-ts intersection member indices
// (`["body", 0, "name"]`), fixed in 153986d.
test('memory: a 422 loc is the field path, as pydantic has it (no io-ts intersection indices)', async (t) => {
  const server = await startTestServer('memory');
  const { http } = server;
  const lab = await createLab(http);
  const locs = async (answer: Promise<Answer>) => ((await answer).body.detail as { loc: unknown[] }[]).map((issue) => issue.loc);
  t.deepEqual(await locs(http.post('/projects', { description: 'x' })), [['body', 'name']]);
  t.deepEqual(await locs(http.get('/projects?limit=0')), [['query', 'limit']]);
  t.deepEqual(await locs(http.get('/clients?active_only=maybe')), [['query', 'active_only']]);
  t.deepEqual(await locs(http.put(`/tasks/${lab.taskId}`, { required_cpu: 'lots' })), [['body', 'required_cpu']]);
  t.deepEqual(await locs(http.post(`/projects/${lab.projectId}/jobs/batch`, { jobs: [{ task_id: lab.taskId }] })), [['body', 'jobs', 0, 'name']]);
});

// BUG (src/domain/errors.ts `illegalTransition`, via PUT /jobs/{id}): API.md A.5 wants the 409 of
// an illegal transition to name the job, its state and the requested status. PUT /jobs/{id} with
// {"status": "RUNNING"} on a PENDING job answers `{"detail": "Job 1 is PENDING: cannot start."}`:
// the requested status RUNNING is not named (likewise "cannot complete." for COMPLETED).
test('memory: an illegal PUT transition names the requested status', async (t) => {
  const server = await startTestServer('memory');
  const { http } = server;
  const lab = await createLab(http);
  const job = await submitJob(http, lab.projectId, lab.taskId);
  const running = await setStatus(http, job.id, 'RUNNING');
  t.is(running.status, 409);
  t.true(String(running.body.detail).includes('RUNNING'), running.text);
  const completed = await setStatus(http, job.id, 'COMPLETED');
  t.is(completed.status, 409);
  t.true(String(completed.body.detail).includes('COMPLETED'), completed.text);
});
