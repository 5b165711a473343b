import test, { type ExecutionContext } from 'ava';
import { createLab, fetchJob, forEachStore, setStatus, submitBatch, submitJob, type Answer, type Http } from './server-harness.js';

/**
 * The original's ways of naming dependencies, on a real server: `depends` keyed by job name (as
 * its docs write batches), and `Job.set_depends_to` (GET, then PUT with new `depends`) on a job a
 * worker has already claimed.
 */

const jobIds = async (http: Http, projectId: number): Promise<number[]> =>
  ((await http.get(`/jobs?project_id=${projectId}&limit=1000`)).body as { id: number }[]).map((job) => job.id);

/** 422 whose issues' messages contain every part. */
const refusedWith = (t: ExecutionContext, answer: Answer, parts: readonly string[]): void => {
  t.is(answer.status, 422, answer.text);
  const messages = (answer.body.detail as { msg: string }[]).map((issue) => issue.msg).join(' | ');
  for (const part of parts) t.true(messages.includes(part), `'${part}' in ${answer.text}`);
};

/** Claims the job (it must come next) and reports it RUNNING, then COMPLETED, as a worker would. */
const complete = async (t: ExecutionContext, http: Http, projectId: number, jobId: number): Promise<void> => {
  t.is((await fetchJob(http, projectId)).job?.id, jobId, `job ${jobId} is claimed next`);
  for (const status of ['RUNNING', 'COMPLETED']) {
    const answer = await setStatus(http, jobId, status);
    t.is(answer.status, 200, `job ${jobId} ${status}: ${answer.text}`);
  }
};

forEachStore((store, { shared }) => {
  const title = (text: string) => `${store}: ${text}`;

  test(title("a batch in the original docs' form: depends keys that are names resolve in the batch, else in the project"), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const baseline = await submitJob(http, lab.projectId, lab.taskId, { name: 'baseline' });
    const [train, evaluation] = await submitBatch(http, lab.projectId, [
      { name: 'train-v1', task_id: lab.taskId, parameters: { lr: 0.1 } },
      { name: 'eval-v1', task_id: lab.taskId, depends: { 'train-v1': '0', baseline: 'baseline' } },
    ]);
    const got = await http.get(`/jobs/${evaluation}`);
    t.deepEqual(got.body.depends, { [String(baseline.id)]: 'baseline', [String(train)]: 'train-v1' });
    const single = await http.post('/jobs', { name: 'report', project_id: lab.projectId, task_id: lab.taskId, parameters: {}, depends: { 'eval-v1': 'x' } });
    t.is(single.status, 201, single.text);
    t.deepEqual(single.body.depends, { [String(evaluation)]: 'eval-v1' });
  });

  test(title('a depends name naming no job, or several, is 422 saying so, and nothing of the batch is stored'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    await submitBatch(http, lab.projectId, [
      { name: 'twin', task_id: lab.taskId },
      { name: 'twin', task_id: lab.taskId },
    ]);
    const before = await jobIds(http, lab.projectId);
    const batch = (depends: Record<string, string>) =>
      http.post(`/projects/${lab.projectId}/jobs/batch`, { jobs: [{ name: 'a', task_id: lab.taskId }, { name: 'b', task_id: lab.taskId, depends }] });
    refusedWith(t, await batch({ 'train-v2': '0' }), [`depends key 'train-v2' is not a job id, and no job named 'train-v2' exists in the batch or in project ${lab.projectId}`]);
    refusedWith(t, await batch({ twin: '0' }), ["depends key 'twin' is ambiguous", `of project ${lab.projectId} are all named 'twin'`]);
    refusedWith(t, await http.post('/jobs', { name: 'c', project_id: lab.projectId, task_id: lab.taskId, depends: { nobody: 'x' } }), ["no job named 'nobody'"]);
    t.deepEqual(await jobIds(http, lab.projectId), before);
  });

  test(title('set_depends_to on a claimed job: a cycle is 400 first; COMPLETED dependencies are taken; others are 409 with the reason'), async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const done = await submitJob(http, lab.projectId, lab.taskId, { name: 'done', priority: 9 });
    await complete(t, http, lab.projectId, done.id);
    const job = await submitJob(http, lab.projectId, lab.taskId, { name: 'job', priority: 5 });
    const after = await submitJob(http, lab.projectId, lab.taskId, { name: 'after', depends: { [job.id]: 'job' } });
    t.is((await fetchJob(http, lab.projectId)).job?.id, job.id);
    const setDependsTo = async (depends: Record<string, string>, extra: Record<string, unknown> = {}) => {
      const got = await http.get(`/jobs/${job.id}`);
      return http.put(`/jobs/${job.id}`, { ...got.body, depends, ...extra });
    };

    const cycle = await setDependsTo({ [after.id]: 'after' }, { parameters: { changed: true } });
    t.is(cycle.status, 400, cycle.text);
    t.regex(cycle.body.detail, /circular|cycle/i);

    const taken = await setDependsTo({ [done.id]: 'done' });
    t.is(taken.status, 200, taken.text);
    t.is(taken.body.data.status, 'QUEUED');
    t.deepEqual(taken.body.data.depends, { [String(done.id)]: 'done' });

    const unfinished = await setDependsTo({ [done.id]: 'done', [after.id]: 'after', done: 'by name' });
    t.is(unfinished.status, 400, 'the cycle through after is found first');
    const waiting = await submitJob(http, lab.projectId, lab.taskId, { name: 'waiting' });
    const refused = await setDependsTo({ [done.id]: 'done', [waiting.id]: 'waiting' });
    t.is(refused.status, 409, refused.text);
    t.regex(refused.body.detail, new RegExp(`can only gain COMPLETED jobs: job ${waiting.id} is PENDING`));
    const lost = await setDependsTo({});
    t.is(lost.status, 409, lost.text);
    t.regex(lost.body.detail, new RegExp(`not lose job ${done.id}`));
    const parameters = await http.put(`/jobs/${job.id}`, { parameters: { changed: true } });
    t.is(parameters.status, 409, parameters.text);
    t.regex(parameters.body.detail, /already been claimed/);

    const stored = await http.get(`/jobs/${job.id}`);
    t.like(stored.body, { status: 'QUEUED', parameters: {}, depends: { [String(done.id)]: 'done' } });
  });
});
