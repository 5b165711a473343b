import { Validator } from '@seriousme/openapi-schema-validator';
import test, { type ExecutionContext } from 'ava';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createLab, startTestServer, submitBatch, unique, type Answer, type Http, type TestServer } from './server-harness.js';

/**
 * The OpenAPI document is valid (a real validator), describes a body for every answer but 204,
 * and matches what the server really sends: the main operations are driven over HTTP and each
 * answer is validated against the document's schema for its path, method and status.
 */

type Document = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };

const documentOf = async (server: TestServer): Promise<Document> => (await server.http.get('/openapi.json')).body as Document;

/** Validates answers against the document: an answer whose status or body the document does not describe fails. */
const conformance = (document: Document) => {
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  return (t: ExecutionContext, method: string, template: string, answer: Answer): void => {
    const operation = document.paths[template]?.[method];
    if (operation === undefined) return void t.fail(`${method} ${template} is not in the document`);
    const response = operation.responses[String(answer.status)];
    if (response === undefined) return void t.fail(`${method} ${template} answered ${answer.status}, not in the document: ${answer.text}`);
    const schema = response.content?.['application/json']?.schema;
    if (schema === undefined) return void t.is(answer.text, '', `${method} ${template} ${answer.status} has no JSON body described`);
    const valid = ajv.validate(schema as object, answer.body);
    t.true(valid, `${method} ${template} ${answer.status}: ${ajv.errorsText(ajv.errors)}\n${answer.text.slice(0, 500)}`);
  };
};

test('the document is valid OpenAPI 3.1, with and without API keys', async (t) => {
  for (const env of [{}, { WHATSNEXT_API_KEYS: 'k1' }] as Record<string, string>[]) {
    const server = await startTestServer('memory', env);
    const result = await new Validator().validate((await documentOf(server)) as Parameters<Validator['validate']>[0]);
    t.deepEqual(result, { valid: true }, JSON.stringify(env));
  }
});

test('every answer of every operation has a body schema (or is a 204, a page, a file or text)', async (t) => {
  const document = await documentOf(await startTestServer('memory'));
  const missing: string[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (status !== '204' && Object.keys(response.content ?? {}).length === 0) missing.push(`${method} ${path} ${status}`);
      }
    }
  }
  t.deepEqual(missing, []);
  t.is(document.paths['/jobs/{job_id}']!['get']!.responses['200']!.content!['application/json']!.schema !== undefined, true);
});

test('a schema that does not match what the server sends fails the conformance check', async (t) => {
  const server = await startTestServer('memory');
  const document = await documentOf(server);
  const lab = await createLab(server.http);
  const job = await server.http.post('/jobs', { name: 'j', project_id: lab.projectId, task_id: lab.taskId, parameters: { lr: 1.0 } });
  // Drop a key the server sends from the job's schema: closed objects refuse it.
  const schema = document.paths['/jobs/']!['post']!.responses['201']!.content!['application/json']!.schema as { properties: Record<string, unknown> };
  delete schema.properties['attempts'];
  const failures: string[] = [];
  const recorder = { ...t, true: (value: boolean, message?: string) => void (value ? null : failures.push(message ?? '')) } as unknown as ExecutionContext;
  conformance(document)(recorder, 'post', '/jobs/', job);
  t.is(failures.length, 1);
  t.regex(failures[0]!, /additional properties/);
});

test('the main operations answer as the document says (projects, tasks, jobs, batch, claims, reports, stats, graph, workers, errors)', async (t) => {
  const server = await startTestServer('memory');
  const http: Http = server.http;
  const check = conformance(await documentOf(server));
  const at = async (method: 'get' | 'post' | 'put' | 'delete', template: string, path: string, body?: unknown): Promise<Answer> => {
    const answer = method === 'get' ? await http.get(path) : method === 'delete' ? await http.del(path) : await http[method](path, body);
    check(t, method, template, answer);
    return answer;
  };

  await at('get', '/', '/');
  await at('get', '/checkdb', '/checkdb');
  const project = (await at('post', '/projects/', '/projects/', { name: unique('p'), description: 'd' })).body;
  await at('get', '/projects/', '/projects/?status_filter=all');
  await at('get', '/projects/{project_id}', `/projects/${project.id}`);
  await at('get', '/projects/name/{name}', `/projects/name/${encodeURIComponent(project.name)}`);
  await at('put', '/projects/{project_id}', `/projects/${project.id}`, { name: project.name, description: 'e', status: 'active', retention: '30d' });
  const task = (await at('post', '/tasks/', '/tasks/', { name: unique('t'), project_id: project.id, command_template: 'echo {x}' })).body;
  await at('get', '/tasks/', `/tasks/?project_id=${project.id}`);
  await at('get', '/tasks/{task_id}', `/tasks/${task.id}`);
  await at('get', '/tasks/name/{name}', `/tasks/name/${encodeURIComponent(task.name)}?project_id=${project.id}`);
  await at('put', '/tasks/{task_id}', `/tasks/${task.id}`, { required_cpu: 1 });

  const first = (await at('post', '/jobs/', '/jobs/', { name: 'first', project_id: project.id, task_id: task.id, parameters: { x: 1.0, big: 2 ** 60 }, priority: 5 })).body;
  await at('post', '/projects/{project_id}/jobs/batch', `/projects/${project.id}/jobs/batch`, {
    jobs: [
      { name: 'a', key: 'a', task_id: task.id, parameters: { x: 2 } },
      { name: 'b', task_id: task.id, depends_on: ['a', first.id] },
    ],
  });
  await at('get', '/jobs/', `/jobs/?project_id=${project.id}&limit=100`);
  await at('get', '/jobs/{job_id}', `/jobs/${first.id}`);
  await at('get', '/jobs/{job_id}/dependencies', `/jobs/${first.id}/dependencies`);
  await at('put', '/jobs/{job_id}', `/jobs/${first.id}`, { priority: 6 });

  const client = unique('w');
  await at('post', '/clients/register', '/clients/register', { id: client, name: 'w', entity: 'lab', available_cpu: 4, available_accelerators: 0 });
  await at('get', '/clients/', '/clients/?active_only=false&limit=10');
  await at('get', '/clients/{client_id}', `/clients/${client}`);
  await at('put', '/clients/{client_id}', `/clients/${client}`, { available_cpu: 8 });

  // The original's claim, then a leased one with `more`, then reports riding with a claim.
  const claimed = (await at('get', '/projects/{project_id}/fetch_job', `/projects/${project.id}/fetch_job`)).body;
  t.truthy(claimed.job);
  await at('put', '/jobs/{job_id}', `/jobs/${claimed.job.id}`, { status: 'RUNNING' });
  await at('put', '/jobs/{job_id}', `/jobs/${claimed.job.id}`, { status: 'COMPLETED' });
  const leased = (await at('get', '/projects/{project_id}/fetch_job', `/projects/${project.id}/fetch_job?client_id=${client}&limit=5&tasks=once`)).body;
  t.truthy(leased.job);
  await at('post', '/clients/{client_id}/heartbeat', `/clients/${client}/heartbeat`);
  await at('post', '/jobs/{job_id}/start', `/jobs/${leased.job.id}/start`, { client_id: client });
  const reports = await at('post', '/jobs/reports', '/jobs/reports', {
    client_id: client,
    reports: [
      { job_id: leased.job.id, action: 'complete' },
      { job_id: 987654321, action: 'start' },
    ],
    claim: { project_id: project.id, available_cpu: 4, available_accelerators: 0, limit: 2 },
  });
  t.is(reports.body.results[1].error.status, 404);
  await at('get', '/projects/{project_id}/fetch_job', `/projects/${project.id}/fetch_job?client_id=${client}`);
  await at('get', '/jobs/{job_id}/history', `/jobs/${leased.job.id}/history`);

  await at('get', '/projects/{project_id}/stats', `/projects/${project.id}/stats`);
  await at('get', '/projects/{project_id}/graph', `/projects/${project.id}/graph`);
  await at('get', '/projects/{project_id}/graph/jobs', `/projects/${project.id}/graph/jobs?task_id=${task.id}&limit=1`);
  await at('get', '/projects/{project_id}/graph/jobs', `/projects/${project.id}/graph/jobs?around=${first.id}`);
  // After the claims and reports above, the timeline has runs and finished jobs to describe.
  t.true((await at('get', '/projects/{project_id}/runs', `/projects/${project.id}/runs`)).body.runs.length > 0);
  t.true((await at('get', '/projects/{project_id}/throughput', `/projects/${project.id}/throughput`)).body.minutes.length > 0);
  await at('get', '/projects/{project_id}/runs', `/projects/${project.id}/runs?since=tomorrow`);

  const lab = await createLab(http);
  const [doomed = 0, dependent = 0] = await submitBatch(http, lab.projectId, [
    { name: 'doomed', key: 'd', task_id: lab.taskId },
    { name: 'dependent', task_id: lab.taskId, depends_on: ['d'] },
  ]);
  await at('post', '/jobs/{job_id}/cancel', `/jobs/${doomed}/cancel`);
  await at('get', '/jobs/{job_id}/dependencies', `/jobs/${dependent}/dependencies`);
  await at('post', '/jobs/{job_id}/retry', `/jobs/${doomed}/retry`);
  await at('delete', '/projects/{project_id}/queue', `/projects/${lab.projectId}/queue`);

  // Errors: 404, 409, 400, 422, each as documented.
  await at('get', '/projects/{project_id}', '/projects/987654321');
  await at('get', '/jobs/{job_id}', '/jobs/not-a-number');
  await at('post', '/projects/', '/projects/', { name: project.name });
  await at('post', '/projects/', '/projects/', { description: 'no name' });
  await at('post', '/tasks/', '/tasks/', { name: 'x', project_id: 987654321 });
  await at('post', '/jobs/{job_id}/retry', `/jobs/${first.id}/retry`);
  await at('get', '/projects/{project_id}/fetch_job', '/projects/987654321/fetch_job');
  await at('get', '/tasks/{task_id}', '/tasks/by-name');

  await at('post', '/clients/{client_id}/deactivate', `/clients/${client}/deactivate`);
  await at('delete', '/jobs/{job_id}', `/jobs/${first.id}`);
  await at('delete', '/clients/{client_id}', `/clients/${client}`);
  await at('delete', '/projects/{project_id}', `/projects/${project.id}`);
});

test('with API keys, a request without one is a documented 401 and a wrong one a documented 403', async (t) => {
  const server = await startTestServer('memory', { WHATSNEXT_API_KEYS: 'k1' });
  const check = conformance(await documentOf(server));
  check(t, 'get', '/projects/', await server.http.get('/projects/'));
  check(t, 'get', '/projects/', await server.http.get('/projects/', { headers: { 'X-API-Key': 'wrong' } }));
  const served = await server.http.get('/projects/', { headers: { 'X-API-Key': 'k1' } });
  t.is(served.status, 200);
  check(t, 'get', '/projects/', served);
});
