import type { Http } from '../http/server-harness.js';

const ok = async (answer: Promise<{ status: number; text: string; body: any }>, what: string) => {
  const { status, text, body } = await answer;
  if (status >= 300) throw new Error(`${what}: ${status} ${text}`);
  return body;
};

export interface SeededTimeline {
  readonly projectId: number;
  /** The runs made, by outcome. */
  readonly outcomes: Readonly<Record<'COMPLETED' | 'FAILED' | 'RUNNING', number>>;
}

/**
 * Runs made as workers make them, through the API: gpu-a completes two `train` jobs and fails one;
 * gpu-b completes two `eval` jobs and keeps a third running. One job is never claimed.
 */
export const seedTimeline = async (http: Http, projectName: string): Promise<SeededTimeline> => {
  const project = await ok(http.post('/projects', { name: projectName, description: 'runs over time' }), 'project');
  const tasks: Record<string, number> = {};
  for (const name of ['train', 'eval']) tasks[name] = (await ok(http.post('/tasks', { name, project_id: project.id }), `task ${name}`)).id;
  const specs = [
    ...['t1', 't2', 't3'].map((name, i) => ({ name, task_id: tasks['train'], priority: 20 - i })),
    ...['e1', 'e2', 'e3'].map((name, i) => ({ name, task_id: tasks['eval'], priority: 10 - i })),
    { name: 'later', task_id: tasks['train'], priority: 0 },
  ];
  await ok(http.post(`/projects/${project.id}/jobs/batch`, { jobs: specs }), 'batch');
  for (const worker of ['gpu-a', 'gpu-b']) await ok(http.post('/clients/register', { id: `${projectName}-${worker}`, name: worker, entity: 'lab' }), 'register');
  const run = async (worker: string, end: 'complete' | 'fail' | null) => {
    const client = `${projectName}-${worker}`;
    const claim = await ok(http.get(`/projects/${project.id}/fetch_job?client_id=${client}`), 'claim');
    await ok(http.post(`/jobs/${claim.job.id}/start`, { client_id: client }), 'start');
    if (end === 'complete') await ok(http.post(`/jobs/${claim.job.id}/complete`, { client_id: client }), 'complete');
    if (end === 'fail') await ok(http.post(`/jobs/${claim.job.id}/fail`, { client_id: client, exit_code: 1, reason: 'exit code 1' }), 'fail');
  };
  for (const end of ['complete', 'fail', 'complete'] as const) await run('gpu-a', end);
  for (const end of ['complete', 'complete', null] as const) await run('gpu-b', end);
  return { projectId: project.id, outcomes: { COMPLETED: 4, FAILED: 1, RUNNING: 1 } };
};
