import type { Http } from '../http/server-harness.js';

/** The exact text of the first job's parameters: `1.0` and 2^60 must reach the page untouched. */
export const EXACT_PARAMETERS = '{"lr": 1.0, "seed": 1152921504606846976, "dataset": "ünï-☃"}';

export const LOG_TAIL = 'Traceback (most recent call last):\n  File "crash.py", line 3, in <module>\nValueError: learning rate must be positive';

export interface SeededLab {
  readonly projectId: number;
  readonly prepareTaskId: number;
  readonly trainTaskId: number;
  /** Job ids by name. */
  readonly jobs: Readonly<Record<string, number>>;
}

const expectOk = async (answer: Promise<{ status: number; text: string; body: any }>, what: string) => {
  const { status, text, body } = await answer;
  if (status >= 300) throw new Error(`${what}: ${status} ${text}`);
  return body;
};

/**
 * A small DAG in every state the dashboard explains: ready, waiting for dependencies, needing more
 * than any worker offers, failed with a log tail, blocked by that failure, and running on a worker.
 */
export const seedLab = async (http: Http, projectName: string): Promise<SeededLab> => {
  const project = await expectOk(http.post('/projects', { name: projectName, description: 'image models' }), 'project');
  const prepare = await expectOk(http.post('/tasks', { name: 'prepare', project_id: project.id, required_cpu: 1 }), 'task prepare');
  const train = await expectOk(http.post('/tasks', { name: 'train', project_id: project.id, required_cpu: 64, required_accelerators: 2 }), 'task train');
  const specs = [
    `{"name": "download", "key": "download", "task_id": ${prepare.id}, "parameters": ${EXACT_PARAMETERS}}`,
    `{"name": "split", "key": "split", "task_id": ${prepare.id}, "depends_on": ["download"]}`,
    `{"name": "augment", "key": "augment", "task_id": ${prepare.id}, "depends_on": ["download"]}`,
    `{"name": "train", "key": "train", "task_id": ${train.id}, "depends_on": ["split", "augment"]}`,
    `{"name": "evaluate", "key": "evaluate", "task_id": ${prepare.id}, "depends_on": ["train"]}`,
    `{"name": "train-baseline", "key": "train-baseline", "task_id": ${train.id}}`,
    `{"name": "lint", "key": "lint", "task_id": ${prepare.id}}`,
    `{"name": "crash", "key": "crash", "task_id": ${prepare.id}, "priority": 10}`,
    `{"name": "report", "key": "report", "task_id": ${prepare.id}, "depends_on": ["crash"]}`,
    `{"name": "long-run", "key": "long-run", "task_id": ${prepare.id}, "priority": 5}`,
  ];
  const batch = await expectOk(http.post(`/projects/${project.id}/jobs/batch`, `{"jobs": [${specs.join(', ')}]}`), 'batch');
  const names = specs.map((spec) => (JSON.parse(spec) as { name: string }).name);
  const jobs = Object.fromEntries(names.map((name, i) => [name, batch.job_ids[i] as number]));

  // A worker claims by priority: "crash" first (it fails, with its log tail), then "long-run" (it keeps running).
  const worker = `${projectName}-worker`;
  await expectOk(http.post('/clients/register', { id: worker, name: 'gpu-box-1', entity: 'lab', available_cpu: 4, available_accelerators: 1 }), 'register');
  for (const expected of ['crash', 'long-run']) {
    const claim = await expectOk(http.get(`/projects/${project.id}/fetch_job?client_id=${worker}&available_cpu=4&available_accelerators=1`), 'claim');
    if (claim.job?.id !== jobs[expected]) throw new Error(`expected to claim ${expected}, got ${JSON.stringify(claim.job)}`);
    await expectOk(http.post(`/jobs/${claim.job.id}/start`, { client_id: worker }), 'start');
  }
  // As the worker reports a failure: the reason, then the tail of the job's output after a newline.
  await expectOk(http.post(`/jobs/${jobs['crash']}/fail`, { client_id: worker, exit_code: 2, reason: `exit code 2\n${LOG_TAIL}` }), 'fail');
  return { projectId: project.id, prepareTaskId: prepare.id, trainTaskId: train.id, jobs };
};
