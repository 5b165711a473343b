import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import type { NewJob } from '../../../src/adapters/client/client-inputs.js';
import { WhatsNextClient, type JobView } from '../../../src/adapters/client/whatsnext-client.js';

/**
 * The chaos runs' workload: independent jobs and small DAGs (a root, a fan of middles, a sink),
 * each job running `sh -c 'echo $WHATSNEXT_JOB_ID >> ran.log'` — one line per execution,
 * appended with O_APPEND, so the log counts how many times each job really ran.
 */

export const need = async <A>(call: Promise<E.Either<{ message: string }, A>>): Promise<A> => {
  const result = await call;
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

/** Jobs per DAG: one root, DAG_SIZE - 2 middles that wait on it, one sink that waits on them all. */
export const DAG_SIZE = 10;
const BATCH_SIZE = 1_000;

export interface Workload {
  readonly projectId: number;
  readonly projectName: string;
  readonly jobIds: readonly number[];
  /** [dependency, dependent] pairs. */
  readonly edges: readonly (readonly [number, number])[];
  readonly dagJobs: number;
}

export interface WorkloadOptions {
  readonly jobs: number;
  /** The log every execution appends its job id to. */
  readonly ranLog: string;
  readonly maxAttempts?: number;
  /** A task command other than the side effect (e.g. one that kills its worker). */
  readonly commandTemplate?: string;
}

export const sideEffectCommand = (ranLog: string): string => `sh -c 'echo "$WHATSNEXT_JOB_ID" >> ${ranLog}'`;

const dagSpecs = (taskId: number, dag: number): NewJob[] => {
  const root = `d${dag}-root`;
  const middles = Array.from({ length: DAG_SIZE - 2 }, (_, i) => `d${dag}-m${i}`);
  return [
    { name: root, key: root, task_id: taskId },
    ...middles.map((key) => ({ name: key, key, task_id: taskId, depends_on: [root] })),
    { name: `d${dag}-sink`, key: `d${dag}-sink`, task_id: taskId, depends_on: middles },
  ];
};

export interface Lab {
  readonly projectId: number;
  readonly projectName: string;
  readonly taskId: number;
}

/** Creates the project and its task (workers can start on it before any job is there). */
export const createLab = async (client: WhatsNextClient, name: string, options: Omit<WorkloadOptions, 'jobs'>): Promise<Lab> => {
  const project = await need(client.createProject(name));
  const task = await need(
    client.createTask(project.id, 'side-effect', { command_template: options.commandTemplate ?? sideEffectCommand(options.ranLog), max_attempts: options.maxAttempts ?? 3 }),
  );
  return { projectId: project.id, projectName: project.name, taskId: task.id };
};

/** Submits the jobs: half in DAGs, half independent, in batches of 1,000. */
export const submitJobs = async (client: WhatsNextClient, lab: Lab, jobs: number): Promise<Workload> => {
  const { projectId, taskId } = lab;
  const dags = Math.floor(jobs / 2 / DAG_SIZE);
  const jobIds: number[] = [];
  const edges: [number, number][] = [];
  const dagsPerBatch = BATCH_SIZE / DAG_SIZE;
  for (let first = 0; first < dags; first += dagsPerBatch) {
    const count = Math.min(dagsPerBatch, dags - first);
    const specs = Array.from({ length: count }, (_, i) => dagSpecs(taskId, first + i)).flat();
    const ids = (await need(client.submitBatch(projectId, specs))).job_ids;
    jobIds.push(...ids);
    for (let d = 0; d < count; d++) {
      const [root, ...rest] = ids.slice(d * DAG_SIZE, (d + 1) * DAG_SIZE);
      const middles = rest.slice(0, -1);
      const sink = rest[rest.length - 1]!;
      for (const middle of middles) edges.push([root!, middle], [middle, sink]);
    }
  }
  const independent = jobs - dags * DAG_SIZE;
  for (let first = 0; first < independent; first += BATCH_SIZE) {
    const count = Math.min(BATCH_SIZE, independent - first);
    const specs = Array.from({ length: count }, (_, i): NewJob => ({ name: `solo-${first + i}`, task_id: taskId }));
    jobIds.push(...(await need(client.submitBatch(projectId, specs))).job_ids);
  }
  return { projectId, projectName: lab.projectName, jobIds, edges, dagJobs: dags * DAG_SIZE };
};

/** Every job of the project, read in pages. */
export const listAllJobs = async (client: WhatsNextClient, projectId: number): Promise<JobView[]> => {
  const jobs: JobView[] = [];
  for (;;) {
    const page = await need(client.listJobs({ projectId, limit: 10_000, skip: jobs.length }));
    jobs.push(...page);
    if (page.length < 10_000) return jobs;
  }
};

/** The project's counts by status, until every job has settled or the time runs out. */
export const waitUntilSettled = async (client: WhatsNextClient, projectId: number, total: number, timeoutMs: number): Promise<Record<string, number>> => {
  const deadline = Date.now() + timeoutMs;
  let counts: Record<string, number> = {};
  for (;;) {
    const stats = await client.stats(projectId);
    if (E.isRight(stats)) {
      counts = stats.right.by_status;
      const settled = (counts['COMPLETED'] ?? 0) + (counts['FAILED'] ?? 0) + (counts['BLOCKED'] ?? 0) + (counts['CANCELLED'] ?? 0);
      if (settled >= total) return counts;
    }
    if (Date.now() > deadline) return counts;
    await new Promise((r) => setTimeout(r, 500));
  }
};

/** What the side-effect log says: how many times each job ran, and the order of first runs. */
export interface Executions {
  readonly runs: ReadonlyMap<number, number>;
  readonly firstRunAt: ReadonlyMap<number, number>;
  readonly lines: number;
}

export const readExecutions = async (ranLog: string): Promise<Executions> => {
  const text = await readFile(ranLog, 'utf8').catch(() => '');
  const runs = new Map<number, number>();
  const firstRunAt = new Map<number, number>();
  const lines = text.split('\n').filter((line) => line !== '');
  lines.forEach((line, index) => {
    const id = Number(line);
    runs.set(id, (runs.get(id) ?? 0) + 1);
    if (!firstRunAt.has(id)) firstRunAt.set(id, index);
  });
  return { runs, firstRunAt, lines: lines.length };
};

export interface Accounting {
  readonly jobs: number;
  readonly completed: number;
  readonly notCompleted: readonly string[];
  /** Jobs with no execution in the side-effect log. */
  readonly lost: readonly number[];
  /** Jobs that ran more than once, and how many extra runs they had in all. */
  readonly ranTwice: readonly number[];
  readonly extraRuns: number;
  /** Lines of the log for jobs that are not the workload's (should be none). */
  readonly strangers: number;
  /** Dependents whose first run came before their dependency's first run (should be none). */
  readonly orderViolations: number;
  /** Jobs claimed more than once (attempts > 1), as the server counted. */
  readonly reclaimed: number;
}

/** Compares what the server recorded with what the side effects show. */
export const account = async (client: WhatsNextClient, workload: Workload, ranLog: string): Promise<Accounting> => {
  const jobs = await listAllJobs(client, workload.projectId);
  const executions = await readExecutions(ranLog);
  const ours = new Set(workload.jobIds);
  const notCompleted = jobs.filter((job) => job.status !== 'COMPLETED').map((job) => `${job.id} ${job.status} ${job.failure_reason ?? ''}`.trim());
  const ranTwice = workload.jobIds.filter((id) => (executions.runs.get(id) ?? 0) > 1);
  return {
    jobs: jobs.length,
    completed: jobs.length - notCompleted.length,
    notCompleted,
    lost: workload.jobIds.filter((id) => !executions.runs.has(id)),
    ranTwice,
    extraRuns: ranTwice.reduce((sum, id) => sum + executions.runs.get(id)! - 1, 0),
    strangers: [...executions.runs.keys()].filter((id) => !ours.has(id)).length,
    orderViolations: workload.edges.filter(([before, after]) => (executions.firstRunAt.get(before) ?? Infinity) > (executions.firstRunAt.get(after) ?? -1)).length,
    reclaimed: jobs.filter((job) => (job.attempts ?? 1) > 1).length,
  };
};

/** Job ids a worker's output says the server acknowledged as completed (`job N completed`). */
export const acknowledgedCompletions = (outputs: readonly string[]): Map<number, number> => {
  const counts = new Map<number, number>();
  for (const output of outputs) for (const match of output.matchAll(/job (\d+) completed/g)) counts.set(Number(match[1]), (counts.get(Number(match[1])) ?? 0) + 1);
  return counts;
};
