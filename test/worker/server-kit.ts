import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import type { Executor } from '../../src/application/ports/executor.port.js';
import { WhatsNextClient, type JobView } from '../../src/adapters/client/whatsnext-client.js';
import type { TaskOptions } from '../../src/adapters/client/client-inputs.js';
import { createLogger } from '../../src/adapters/logging/logger.js';
import { HttpJobSource } from '../../src/adapters/worker/http-job-source.js';
import type { WorkerEvent } from '../../src/adapters/worker/worker-events.js';
import { DEFAULT_WORKER_SETTINGS, type WorkerSettings } from '../../src/adapters/worker/worker-settings.js';
import { Worker } from '../../src/adapters/worker/worker.js';
import { serverConfig } from '../../src/bin/server-config.js';
import { startServer, type RunningServer } from '../../src/bin/start-server.js';
import { until } from './executor-kit.js';

const closers: (() => Promise<void>)[] = [];
test.after.always('stop the workers and servers of this file', async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => {});
});

/** Unwraps an SDK answer; a Left fails the test setup loudly. */
export const need = async <A>(call: Promise<E.Either<{ message: string }, A>>): Promise<A> => {
  const result = await call;
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

export interface TestServer {
  readonly running: RunningServer;
  readonly url: string;
  readonly port: number;
  readonly client: WhatsNextClient;
}

/** A real server on 127.0.0.1:0 over the memory store; `env` sets e.g. WHATSNEXT_LEASE_SECONDS. */
export const startTestServer = async (env: Readonly<Record<string, string>> = {}): Promise<TestServer> => {
  const running = await startServer(serverConfig({ host: '127.0.0.1', port: 0, database: 'memory' }, env), createLogger('silent'));
  closers.push(() => running.close());
  return { running, url: running.url, port: Number(new URL(running.url).port), client: new WhatsNextClient({ baseUrl: running.url }) };
};

let counter = 0;
/** A project with one task. */
export const createLab = async (client: WhatsNextClient, task: TaskOptions = {}) => {
  const project = await need(client.createProject(`worker-${process.pid}-${++counter}`));
  const created = await need(client.createTask(project.id, `task-${counter}`, task));
  return { projectId: project.id, projectName: project.name, taskId: created.id, taskName: created.name };
};

/** Submits one job with its parameters' exact JSON text. */
export const submit = (client: WhatsNextClient, projectId: number, taskId: number, parameters: string, name = `job-${++counter}`): Promise<JobView> =>
  need(client.createJob(projectId, { name, task_id: taskId, parameters }));

export const jobStatus = async (client: WhatsNextClient, jobId: number): Promise<JobView> => need(client.getJob(jobId));

/** Waits until every job has settled (COMPLETED, FAILED, CANCELLED or BLOCKED) and returns them. */
export const settled = async (client: WhatsNextClient, jobIds: readonly number[], timeoutMs = 20_000): Promise<JobView[]> => {
  let jobs: JobView[] = [];
  await until(
    async () => {
      jobs = await Promise.all(jobIds.map((id) => jobStatus(client, id)));
      return jobs.every((job) => ['COMPLETED', 'FAILED', 'CANCELLED', 'BLOCKED'].includes(job.status));
    },
    timeoutMs,
    `jobs ${jobIds.join(', ')} settled`,
  );
  return jobs;
};

export interface RunningWorker {
  readonly worker: Worker;
  readonly source: HttpJobSource;
  readonly events: WorkerEvent[];
  readonly done: Promise<void>;
}

/** A worker over HTTP, registered and running until the test file ends (or `worker.stop()`). */
export const startHttpWorker = async (server: TestServer, projectId: number, executor: Executor, settings: Partial<WorkerSettings> = {}, id = `w-${process.pid}-${++counter}`): Promise<RunningWorker> => {
  const source = new HttpJobSource(server.client, projectId, id);
  const merged: WorkerSettings = { ...DEFAULT_WORKER_SETTINGS, pollIntervalMs: 1_000, heartbeatIntervalMs: 200, killGraceMs: 300, ...settings };
  await source.register({ id, name: id, entity: 'tests', description: null, resources: { cpu: merged.cpu, accelerators: merged.accelerators, memoryMb: merged.memoryMb ?? 0 } });
  const events: WorkerEvent[] = [];
  const worker = new Worker(source, executor, merged, (event) => events.push(event));
  const done = worker.run().then(() => source.deactivate());
  closers.push(async () => {
    await worker.stop();
    await done;
  });
  return { worker, source, events, done };
};
