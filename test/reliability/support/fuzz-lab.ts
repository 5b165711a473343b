import { createProject, createTask, submitJob, type Http } from '../../http/server-harness.js';

/**
 * The entities a fuzzed request may aim at, so that requests reach real projects, tasks, jobs
 * and clients in every state instead of bouncing off 404s: a project with a task and jobs that
 * are PENDING, waiting on another, RUNNING under a lease and FAILED; and a registered worker.
 */
export interface FuzzLab {
  readonly projectId: number;
  readonly projectName: string;
  readonly taskId: number;
  readonly taskName: string;
  /** pending, waiting (depends on pending), running, failed */
  readonly jobIds: readonly [number, number, number, number];
  readonly clientId: string;
}

const ok = (status: number, expected: number, what: string, text: string): void => {
  if (status !== expected) throw new Error(`fuzz lab: ${what}: expected ${expected}, got ${status} ${text}`);
};

let labs = 0;

export const seedLab = async (http: Http): Promise<FuzzLab> => {
  labs += 1;
  const clientId = `fuzz-worker-${process.pid}-${labs}`;
  const project = await createProject(http, `fuzz-lab-${process.pid}-${labs}`);
  const task = await createTask(http, project.id, `fuzz-task-${labs}`, { command_template: 'echo {x}' });
  const registered = await http.post('/clients/register', { id: clientId, name: 'fuzz worker', entity: 'tests', available_cpu: 4 });
  ok(registered.status, 201, 'register', registered.text);
  const pending = await submitJob(http, project.id, task.id, { parameters: { x: 1 } });
  const waiting = await submitJob(http, project.id, task.id, { depends: { [pending.id]: pending.name } });
  const running = await submitJob(http, project.id, task.id, { priority: 100 });
  const failed = await submitJob(http, project.id, task.id, { priority: 99 });
  for (const job of [running, failed]) {
    const claimed = await http.get(`/projects/${project.id}/fetch_job?client_id=${clientId}`);
    ok(claimed.status, 200, 'claim', claimed.text);
    if (claimed.body?.job?.id !== job.id) throw new Error(`fuzz lab: claimed ${claimed.text}, expected job ${job.id}`);
    const started = await http.post(`/jobs/${job.id}/start`, { client_id: clientId });
    ok(started.status, 200, 'start', started.text);
  }
  const failure = await http.post(`/jobs/${failed.id}/fail`, { client_id: clientId, reason: 'seeded failure', exit_code: 3 });
  ok(failure.status, 200, 'fail', failure.text);
  return {
    projectId: project.id,
    projectName: project.name,
    taskId: task.id,
    taskName: task.name,
    jobIds: [pending.id, waiting.id, running.id, failed.id],
    clientId,
  };
};
