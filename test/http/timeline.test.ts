import test, { type ExecutionContext } from 'ava';
import { createLab, createTask, forEachStore, ISO_Z, submitJob, type Http } from './server-harness.js';

/**
 * `GET /projects/{id}/runs` and `/throughput` over real HTTP on every store: runs made by really
 * claiming, starting and finishing jobs as two workers.
 */

const ok = async (answer: Promise<{ status: number; text: string; body: any }>, what: string) => {
  const { status, text, body } = await answer;
  if (status >= 300) throw new Error(`${what}: ${status} ${text}`);
  return body;
};

/** w-a completes one job and fails one; w-b completes one of another task and keeps one running. */
const workedLab = async (http: Http) => {
  const lab = await createLab(http);
  const evalTask = await createTask(http, lab.projectId, 'eval');
  const jobs = [
    await submitJob(http, lab.projectId, lab.taskId, { name: 'first', priority: 4 }),
    await submitJob(http, lab.projectId, lab.taskId, { name: 'second', priority: 3 }),
    await submitJob(http, lab.projectId, evalTask.id, { name: 'third', priority: 2 }),
    await submitJob(http, lab.projectId, evalTask.id, { name: 'fourth', priority: 1 }),
    await submitJob(http, lab.projectId, lab.taskId, { name: 'never', priority: 0 }),
  ];
  for (const worker of ['w-a', 'w-b']) await ok(http.post('/clients/register', { id: `${worker}-${lab.projectId}`, name: worker, entity: 'lab' }), 'register');
  const claim = async (worker: string) => {
    const answer = await ok(http.get(`/projects/${lab.projectId}/fetch_job?client_id=${worker}-${lab.projectId}`), 'claim');
    await ok(http.post(`/jobs/${answer.job.id}/start`, { client_id: `${worker}-${lab.projectId}` }), 'start');
    return answer.job.id as number;
  };
  const report = (worker: string, id: number, action: 'complete' | 'fail') =>
    ok(http.post(`/jobs/${id}/${action}`, { client_id: `${worker}-${lab.projectId}`, ...(action === 'fail' ? { exit_code: 1, reason: 'exit code 1' } : {}) }), action);
  await report('w-a', await claim('w-a'), 'complete');
  await report('w-a', await claim('w-a'), 'fail');
  await report('w-b', await claim('w-b'), 'complete');
  await claim('w-b');
  return { ...lab, evalTaskId: evalTask.id, ids: jobs.map((job) => job.id as number) };
};

/** The last hour, ending a minute from now: what was just made lies inside it, whatever the clocks' resolution. */
const lastHour = (): string => {
  const until = Date.now() + 60_000;
  return `since=${new Date(until - 3_600_000).toISOString()}&until=${new Date(until).toISOString()}`;
};

const issueAt = (t: ExecutionContext, answer: { status: number; text: string; body: any }, loc: readonly string[]) => {
  t.is(answer.status, 422, answer.text);
  t.true((answer.body.detail as { loc: string[] }[]).some((issue) => JSON.stringify(issue.loc) === JSON.stringify(loc)), answer.text);
};

forEachStore((store, { shared }) => {
  const title = (text: string) => `${store}: ${text}`;

  test(title('runs: one per attempt, newest first, with worker, times and outcome'), async (t) => {
    const { http } = await shared();
    const { projectId, taskId, evalTaskId, ids } = await workedLab(http);
    const defaults = await http.get(`/projects/${projectId}/runs`);
    t.regex(defaults.body.since, ISO_Z);
    t.is(Date.parse(defaults.body.until) - Date.parse(defaults.body.since), 3_600_000, 'an hour up to now by default');
    const answer = await http.get(`/projects/${projectId}/runs?${lastHour()}`);
    t.is(answer.status, 200, answer.text);
    t.like(answer.body, { project_id: projectId, capped: false });
    const runs = answer.body.runs as any[];
    t.deepEqual(
      runs.map((run) => [run.job_id, run.name, run.task_id, run.worker, run.outcome, run.finished_at === null]),
      [
        [ids[3], 'fourth', evalTaskId, `w-b-${projectId}`, 'RUNNING', true],
        [ids[2], 'third', evalTaskId, `w-b-${projectId}`, 'COMPLETED', false],
        [ids[1], 'second', taskId, `w-a-${projectId}`, 'FAILED', false],
        [ids[0], 'first', taskId, `w-a-${projectId}`, 'COMPLETED', false],
      ],
    );
    for (const run of runs) {
      t.deepEqual(Object.keys(run).sort(), ['attempt', 'claimed_at', 'finished_at', 'job_id', 'name', 'outcome', 'started_at', 'task_id', 'task_name', 'worker']);
      t.is(run.attempt, 1);
      t.true(Date.parse(run.claimed_at) <= Date.parse(run.started_at));
      if (run.finished_at !== null) t.true(Date.parse(run.started_at) <= Date.parse(run.finished_at));
    }
    t.is(runs[0].task_name, 'eval');
    const limited = await http.get(`/projects/${projectId}/runs?${lastHour()}&limit=2`);
    t.deepEqual([limited.body.runs.length, limited.body.capped], [2, true]);
    const past = await http.get(`/projects/${projectId}/runs?since=2020-01-01T00:00:00Z&until=2020-01-01T01:00:00Z`);
    t.deepEqual([past.status, past.body.runs, past.body.since], [200, [], '2020-01-01T00:00:00.000Z']);
  });

  test(title('throughput: finished jobs per minute and run times per task'), async (t) => {
    const { http } = await shared();
    const { projectId, taskId, evalTaskId } = await workedLab(http);
    const answer = await http.get(`/projects/${projectId}/throughput?${lastHour()}`);
    t.is(answer.status, 200, answer.text);
    t.like(answer.body, { project_id: projectId, bucket_seconds: 60 });
    const minutes = answer.body.minutes as { minute: string; completed: number; failed: number }[];
    t.true(minutes.length === 60 || minutes.length === 61, `${minutes.length} minutes`);
    t.deepEqual(
      [minutes.reduce((sum, m) => sum + m.completed, 0), minutes.reduce((sum, m) => sum + m.failed, 0)],
      [2, 1],
    );
    t.true(minutes.every((m, i) => i === 0 || Date.parse(m.minute) - Date.parse(minutes[i - 1]!.minute) === 60_000));
    const tasks = answer.body.tasks as any[];
    t.deepEqual(tasks.map((task) => [task.task_id, task.runs]), [[taskId, 2], [evalTaskId, 1]].sort((a, b) => a[0]! - b[0]!));
    for (const task of tasks) t.true(task.p50_ms >= 0 && task.mean_ms >= 0 && task.max_ms >= task.p50_ms, JSON.stringify(task));
  });

  test(title('runs and throughput: 404 for an unknown project, 422 naming the bad parameter'), async (t) => {
    const { http } = await shared();
    const { projectId } = await createLab(http);
    for (const route of ['runs', 'throughput']) {
      t.is((await http.get(`/projects/987654321/${route}`)).status, 404);
      issueAt(t, await http.get(`/projects/${projectId}/${route}?since=yesterday`), ['query', 'since']);
      issueAt(t, await http.get(`/projects/${projectId}/${route}?until=2026-03-01T10:00:00`), ['query', 'until']);
      issueAt(t, await http.get(`/projects/${projectId}/${route}?since=2026-03-01T11:00:00Z&until=2026-03-01T10:00:00Z`), ['query', 'since']);
      issueAt(t, await http.get(`/projects/${projectId}/${route}?since=2026-03-01T10:00:00Z&until=2026-03-01T10:00:00Z`), ['query', 'since']);
    }
    issueAt(t, await http.get(`/projects/${projectId}/runs?limit=0`), ['query', 'limit']);
    issueAt(t, await http.get(`/projects/${projectId}/runs?limit=5001`), ['query', 'limit']);
    issueAt(t, await http.get(`/projects/${projectId}/throughput?since=2026-03-01T00:00:00Z&until=2026-03-02T00:00:01Z`), ['query', 'since']);
    const offset = await http.get(`/projects/${projectId}/throughput?since=2026-03-01T10:00:00%2B01:00&until=2026-03-01T10:30:00Z`);
    t.deepEqual([offset.status, offset.body.since, offset.body.minutes.length], [200, '2026-03-01T09:00:00.000Z', 90]);
  });
});
