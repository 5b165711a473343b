import test, { type ExecutionContext } from 'ava';
import { createLab, fetchJob, forEachStore, rawValueAt, type Answer } from './server-harness.js';

/**
 * Parameters round-trip exactly (API.md A.10, B §3): key order (an integer-like key stays where it
 * was), `1.0`, integers past 2^53 and any Unicode — checked on the RAW response texts, since
 * `JSON.parse` would itself lose what is being checked.
 */

/** What a client sends, spaces and escapes included. */
const SENT = String.raw`{"b": 1.0, "a": 1152921504606846976, "2": "x", "ü": "\u00e9 \" \\n", "nested": {"z": [1.0, 2e5]}}`;
/** What must come back: the same members, in the same order, with the same number literals. */
const PREFIX = '{"b":1.0,"a":1152921504606846976,"2":"x",';
const SUFFIX = '"nested":{"z":[1.0,2e5]}}';
/** The string member may be written with or without the \u escape; both are the same JSON string. */
const EXPECTED = [`${PREFIX}"ü":"é \\" \\\\n",${SUFFIX}`, `${PREFIX}"\\u00fc":"\\u00e9 \\" \\\\n",${SUFFIX}`, `${PREFIX}"ü":"\\u00e9 \\" \\\\n",${SUFFIX}`];

const exact = (t: ExecutionContext, answer: Answer, path: readonly (string | number)[], what: string): void => {
  t.true(answer.status < 300, `${what}: ${answer.status} ${answer.text}`);
  const text = rawValueAt(answer.text, path);
  t.true(text !== undefined && EXPECTED.includes(text), `${what}: parameters came back as ${text}`);
  t.true(answer.text.includes(PREFIX), `${what}: raw text keeps order and literals`);
  t.true(answer.text.includes(SUFFIX), what);
  // And the values themselves are what was sent.
  const parsed = JSON.parse(text ?? 'null') as Record<string, unknown>;
  t.is(parsed['ü'], 'é " \\n', what);
};

const jobBody = (name: string, projectId: number, taskId: number) =>
  `{"name": "${name}", "project_id": ${projectId}, "task_id": ${taskId}, "parameters": ${SENT}, "status": "PENDING", "priority": 0, "depends": {}}`;

forEachStore((store, { shared }) => {
  test(`${store}: POST /jobs parameters come back exactly from POST, GET /jobs/{id}, GET /jobs, fetch_job and PUT`, async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const created = await http.post('/jobs', jobBody('exact', lab.projectId, lab.taskId));
    t.is(created.status, 201, created.text);
    exact(t, created, ['parameters'], 'POST /jobs');
    const id = created.body.id as number;
    exact(t, await http.get(`/jobs/${id}`), ['parameters'], 'GET /jobs/{id}');
    exact(t, await http.get(`/jobs?project_id=${lab.projectId}`), [0, 'parameters'], 'GET /jobs');
    exact(t, await http.get(`/jobs/?project_id=${lab.projectId}&limit=10000`), [0, 'parameters'], 'GET /jobs/ limit=10000');

    const claimed = await http.get(`/projects/${lab.projectId}/fetch_job`);
    t.is(claimed.body.job.id, id);
    exact(t, claimed, ['job', 'parameters'], 'fetch_job');

    // Job.set_status: the client PUTs back what it got (Python keeps order and literals): splice the raw GET text.
    const got = await http.get(`/jobs/${id}`);
    const putText = got.text.replace('"status":"QUEUED"', '"status":"RUNNING"');
    t.not(putText, got.text);
    const put = await http.put(`/jobs/${id}`, putText);
    t.is(put.status, 200, put.text);
    t.is(put.body.data.status, 'RUNNING');
    exact(t, put, ['data', 'parameters'], 'PUT /jobs/{id}');
    exact(t, await http.get(`/jobs/${id}`), ['parameters'], 'GET after PUT');
  });

  test(`${store}: batch parameters come back exactly, each job its own`, async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const batch = `{"jobs": [
      {"name": "first", "task_id": ${lab.taskId}, "parameters": ${SENT}, "priority": 0, "depends": {}},
      {"name": "second", "task_id": ${lab.taskId}, "parameters": {"z": 1e-7, "a": -0.0, "big": -123456789012345678901234567890}},
      {"name": "third", "task_id": ${lab.taskId}}
    ]}`;
    const answer = await http.post(`/projects/${lab.projectId}/jobs/batch`, batch);
    t.is(answer.status, 201, answer.text);
    const [first, second, third] = answer.body.job_ids as number[];
    exact(t, await http.get(`/jobs/${first}`), ['parameters'], 'batch job GET');
    const listed = await http.get(`/jobs?project_id=${lab.projectId}`);
    exact(t, listed, [0, 'parameters'], 'batch job in GET /jobs');
    t.is(rawValueAt((await http.get(`/jobs/${second}`)).text, ['parameters']), '{"z":1e-7,"a":-0.0,"big":-123456789012345678901234567890}');
    t.is(rawValueAt((await http.get(`/jobs/${third}`)).text, ['parameters']), '{}');
    t.is(rawValueAt(listed.text, [1, 'parameters']), '{"z":1e-7,"a":-0.0,"big":-123456789012345678901234567890}');
    const claimed = await fetchJob(http, lab.projectId);
    t.is(claimed.job.id, first);
    t.true(EXPECTED.includes(rawValueAt(claimed.text, ['job', 'parameters']) ?? ''), claimed.text);
  });

  test(`${store}: PUT parameters are kept exactly too`, async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const created = await http.post('/jobs', { name: 'p', project_id: lab.projectId, task_id: lab.taskId, parameters: {} });
    const put = await http.put(`/jobs/${created.body.id}`, `{"parameters": ${SENT}}`);
    exact(t, put, ['data', 'parameters'], 'PUT');
    exact(t, await http.get(`/jobs/${created.body.id}`), ['parameters'], 'GET after PUT');
  });
});

test('the expected texts are what the sent text means', (t) => {
  // Guards the constants above: every expected spelling parses to the sent value.
  for (const text of EXPECTED) t.deepEqual(JSON.parse(text), JSON.parse(SENT));
});
