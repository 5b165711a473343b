import * as E from 'fp-ts/lib/Either.js';
import { resolve } from 'node:path';
import pg from 'pg';
import { WhatsNextClient } from '../../src/adapters/client/whatsnext-client.js';
import type { JobInput } from '../../src/adapters/embedding/embedding-inputs.js';
import type { WhatsNext } from '../../src/adapters/embedding/whatsnext.js';
import { FunctionExecutor } from '../../src/adapters/worker/executors/function-executor.js';
import { HttpJobSource } from '../../src/adapters/worker/http-job-source.js';
import { Worker } from '../../src/adapters/worker/worker.js';
import { DEFAULT_WORKER_SETTINGS } from '../../src/adapters/worker/worker-settings.js';
import { createWhatsNext } from '../../src/bin/create-whatsnext.js';
import { scratchDatabase } from '../support/scratch-database.js';
import { startServerProcess } from '../support/server-process.js';
import { percentile } from '../support/stats.js';
import { BENCH_PREFETCH } from './whatsnext-contender.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const orThrow = <A>(result: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

/** A fresh database with an embedded WhatsNext on it; everything is dropped afterwards. */
export const withEmbedded = async <A>(adminUrl: string, work: (wn: WhatsNext, url: string) => Promise<A>): Promise<A> => {
  const database = await scratchDatabase(adminUrl, 'wn_peers');
  try {
    const wn = await createWhatsNext({ database: database.url });
    try {
      return await work(wn, database.url);
    } finally {
      await wn.close();
    }
  } finally {
    await sleep(200);
    await database.drop();
  }
};

/** Until the handlers ran `count` times, then until the store records that many COMPLETED. */
const untilCompleted = async (wn: WhatsNext, projectId: number, count: number, ran: () => number): Promise<void> => {
  while (ran() < count) await sleep(2);
  for (;;) {
    const stats = orThrow(await wn.useCases.queueStats.execute(projectId));
    if ((stats.byStatus['COMPLETED'] ?? 0) === count) return;
    await sleep(5);
  }
};

export type DagShape = 'fan-out' | 'fan-in' | 'chain';

const dagJobs = (shape: DagShape, size: number, taskId: number): JobInput[] =>
  Array.from({ length: size }, (_, index) => {
    const dependsOn =
      shape === 'chain' ? (index === 0 ? [] : [index - 1]) : shape === 'fan-out' ? (index === 0 ? [] : [0]) : index === size - 1 ? Array.from({ length: size - 1 }, (_, i) => i) : [];
    return { taskId, name: `${shape}-${index}`, dependsOn: dependsOn.map((position) => ({ position })) };
  });

/** A whole DAG submitted in one batch, then run by one worker (10 slots, prefetch): jobs/s from its start to the last completion. */
export const dagThroughput = (adminUrl: string, shape: DagShape, size: number): Promise<number> =>
  withEmbedded(adminUrl, async (wn) => {
    const project = orThrow(await wn.createProject(`dag-${shape}`));
    const task = orThrow(await wn.createTask(project.id, { name: 'noop' }));
    orThrow(await wn.submit(project.id, dagJobs(shape, size, task.id)));
    let ran = 0;
    const started = performance.now();
    const worker = await wn.startWorker({ projectId: project.id, concurrency: 10, cpu: 10, prefetch: BENCH_PREFETCH, pollIntervalMs: 5_000, handlers: { noop: () => void ran++ } });
    await untilCompleted(wn, project.id, size, () => ran);
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    return size / seconds;
  });

/**
 * A chain (each job waiting on the one before) run through the REST API: one server process, one
 * HTTP worker in this process (10 slots, prefetch), so each next job rides back with the report of
 * the one before. Jobs/s from the worker's start to the last completion.
 */
export const restChain = async (adminUrl: string, size: number): Promise<number> => {
  const database = await scratchDatabase(adminUrl, 'wn_peers_rest_chain');
  const server = await startServerProcess({ DATABASE_URL: database.url }, ROOT);
  try {
    const client = new WhatsNextClient({ baseUrl: server.url, timeoutMs: 120_000 });
    const project = orThrow(await client.createProject('rest-chain'));
    const task = orThrow(await client.createTask(project.id, 'noop'));
    orThrow(await client.submitBatch(project.id, Array.from({ length: size }, (_, i) => ({ name: `c${i}`, task_id: task.id, ...(i === 0 ? {} : { depends_on: [{ position: i - 1 }] }) }))));
    const source = new HttpJobSource(client, project.id, 'rest-chain');
    await source.register({ id: 'rest-chain', name: 'rest-chain', entity: 'bench', description: null, resources: { cpu: 10, accelerators: 0, memoryMb: 0 } });
    let ran = 0;
    const started = performance.now();
    const worker = new Worker(source, new FunctionExecutor({ noop: () => void ran++ }), { ...DEFAULT_WORKER_SETTINGS, cpu: 10, concurrency: 10, prefetch: BENCH_PREFETCH, pollIntervalMs: 5_000 });
    const done = worker.run();
    while (ran < size) await sleep(1);
    for (;;) {
      const stats = orThrow(await client.stats(project.id));
      if ((stats.by_status['COMPLETED'] ?? 0) === size) break;
      await sleep(5);
    }
    const rate = size / ((performance.now() - started) / 1000);
    await worker.stop();
    await done;
    return rate;
  } finally {
    await server.stop();
    await database.drop();
  }
};

interface WorkerClass {
  readonly name: string;
  readonly cpu: number;
  readonly accelerators: number;
  readonly memoryMb: number;
  readonly concurrency: number;
}

const WORKER_CLASSES: readonly WorkerClass[] = [
  { name: 'small', cpu: 2, accelerators: 0, memoryMb: 4_096, concurrency: 2 },
  { name: 'large', cpu: 16, accelerators: 0, memoryMb: 65_536, concurrency: 8 },
  { name: 'one-gpu', cpu: 8, accelerators: 1, memoryMb: 32_768, concurrency: 4 },
  { name: 'four-gpu', cpu: 32, accelerators: 4, memoryMb: 131_072, concurrency: 8 },
];

const TASKS = [
  { name: 'cpu1', cpu: 1, accelerators: 0, memoryMb: 1_024 },
  { name: 'cpu4', cpu: 4, accelerators: 0, memoryMb: 8_192 },
  { name: 'gpu1', cpu: 2, accelerators: 1, memoryMb: 16_384 },
  { name: 'gpu4', cpu: 8, accelerators: 4, memoryMb: 65_536 },
] as const;

/**
 * Mixed requirements claimed by four classes of workers (each without prefetch, so that a claim
 * packs what fits its free capacity): no worker may ever run a job that does not fit it, nor more
 * at once than its capacity. Returns jobs/s and the violations seen (must be none).
 */
export const resourceFilteredClaims = (adminUrl: string, jobs: number): Promise<{ jobsPerSecond: number; violations: string[]; byClass: Record<string, number> }> =>
  withEmbedded(adminUrl, async (wn) => {
    const project = orThrow(await wn.createProject('resources'));
    const tasks = new Map<number, (typeof TASKS)[number]>();
    for (const spec of TASKS) {
      const task = orThrow(await wn.createTask(project.id, { name: spec.name, cpu: spec.cpu, accelerators: spec.accelerators, memoryMb: spec.memoryMb }));
      tasks.set(task.id, spec);
    }
    const taskIds = [...tasks.keys()];
    orThrow(await wn.submit(project.id, Array.from({ length: jobs }, (_, index) => ({ taskId: taskIds[index % taskIds.length]!, name: `r${index}`, priority: index % 7 }))));
    const violations: string[] = [];
    const byClass: Record<string, number> = {};
    let ran = 0;
    const started = performance.now();
    const workers = [];
    for (const workerClass of WORKER_CLASSES) {
      for (let copy = 0; copy < 2; copy++) {
        const inUse = { cpu: 0, accelerators: 0, memoryMb: 0 };
        const handler = (spec: (typeof TASKS)[number]) => async () => {
          if (spec.cpu > workerClass.cpu || spec.accelerators > workerClass.accelerators || spec.memoryMb > workerClass.memoryMb) {
            violations.push(`${workerClass.name} got a ${spec.name} job`);
          }
          inUse.cpu += spec.cpu;
          inUse.accelerators += spec.accelerators;
          inUse.memoryMb += spec.memoryMb;
          if (inUse.cpu > workerClass.cpu || inUse.accelerators > workerClass.accelerators || inUse.memoryMb > workerClass.memoryMb) {
            violations.push(`${workerClass.name} overcommitted: ${JSON.stringify(inUse)}`);
          }
          await new Promise((done) => setImmediate(done));
          inUse.cpu -= spec.cpu;
          inUse.accelerators -= spec.accelerators;
          inUse.memoryMb -= spec.memoryMb;
          byClass[workerClass.name] = (byClass[workerClass.name] ?? 0) + 1;
          ran++;
        };
        workers.push(
          await wn.startWorker({
            projectId: project.id,
            cpu: workerClass.cpu,
            accelerators: workerClass.accelerators,
            memoryMb: workerClass.memoryMb,
            concurrency: workerClass.concurrency,
            pollIntervalMs: 2_000,
            handlers: Object.fromEntries(TASKS.map((spec) => [spec.name, handler(spec)])),
          }),
        );
      }
    }
    await untilCompleted(wn, project.id, jobs, () => ran);
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(workers.map((worker) => worker.stop()));
    return { jobsPerSecond: jobs / seconds, violations, byClass };
  });

/** Fills a project with `count` pending no-op jobs through the embedded API, in batches. */
const fill = async (wn: WhatsNext, projectId: number, taskId: number, count: number): Promise<void> => {
  for (let done = 0; done < count; done += 50_000) {
    const size = Math.min(50_000, count - done);
    orThrow(await wn.submit(projectId, Array.from({ length: size }, (_, i) => ({ taskId, name: `d${done + i}`, priority: (done + i) % 10 }))));
  }
};

/**
 * `fetch_job` (the original's call, with num_pending) against a server process, at each queue
 * depth, each depth on its own database; samples taken in interleaved rounds so that load from
 * elsewhere falls on every depth alike.
 */
export const fetchLatencyByDepth = async (adminUrl: string, depths: readonly number[], samples: number): Promise<Map<number, { p50: number; p99: number }>> => {
  const opened: { depth: number; drop: () => Promise<void>; stop: () => Promise<void>; client: WhatsNextClient; projectId: number; samples: number[] }[] = [];
  try {
    for (const depth of depths) {
      const database = await scratchDatabase(adminUrl, 'wn_peers_depth');
      const wn = await createWhatsNext({ database: database.url });
      const project = orThrow(await wn.createProject(`depth-${depth}`));
      const task = orThrow(await wn.createTask(project.id, { name: 'noop' }));
      await fill(wn, project.id, task.id, depth + samples + 20);
      await wn.close();
      const server = await startServerProcess({ DATABASE_URL: database.url }, ROOT);
      const client = new WhatsNextClient({ baseUrl: server.url, timeoutMs: 120_000 });
      for (let i = 0; i < 20; i++) orThrow(await client.fetchJob(project.id));
      opened.push({ depth, drop: database.drop, stop: server.stop, client, projectId: project.id, samples: [] });
    }
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      for (const depth of opened) {
        for (let i = 0; i < samples / rounds; i++) {
          const started = performance.now();
          const claim = orThrow(await depth.client.fetchJob(depth.projectId));
          depth.samples.push(performance.now() - started);
          if (claim.job === null) throw new Error('the queue ran dry');
        }
      }
    }
  } finally {
    for (const depth of opened) {
      await depth.stop();
      await depth.drop();
    }
  }
  return new Map(opened.map((depth) => [depth.depth, { p50: percentile(depth.samples, 50), p99: percentile(depth.samples, 99) }]));
};

/** One round of the REST drain: a project of its own, `jobs` no-op jobs, `workers` HTTP workers; jobs/s. */
const restDrainRound = async (client: WhatsNextClient, probe: pg.Client, jobs: number, workers: number, round: number): Promise<number> => {
  const project = orThrow(await client.createProject(`rest-drain-${round}`));
  const task = orThrow(await client.createTask(project.id, 'noop'));
  for (let done = 0; done < jobs; done += 5_000) {
    const size = Math.min(5_000, jobs - done);
    orThrow(await client.submitBatch(project.id, Array.from({ length: size }, (_, i) => ({ name: `j${done + i}`, task_id: task.id, parameters: `{"i":${done + i}}` }))));
  }
  let ran = 0;
  const started = performance.now();
  const running = await Promise.all(
    Array.from({ length: workers }, async (_, index) => {
      const id = `rest-${round}-${index}`;
      const source = new HttpJobSource(client, project.id, id);
      await source.register({ id, name: id, entity: 'bench', description: null, resources: { cpu: 10, accelerators: 0, memoryMb: 0 } });
      const worker = new Worker(source, new FunctionExecutor({ noop: () => void ran++ }), {
        ...DEFAULT_WORKER_SETTINGS,
        cpu: 10,
        concurrency: 10,
        prefetch: Math.floor(BENCH_PREFETCH / workers),
        pollIntervalMs: 2_000,
      });
      return { worker, done: worker.run() };
    }),
  );
  while (ran < jobs) await sleep(2);
  for (;;) {
    const { rows } = await probe.query<{ n: string }>(`SELECT count(*) AS n FROM jobs WHERE project_id = $1 AND status <> 'COMPLETED'`, [project.id]);
    if (Number(rows[0]!.n) === 0) break;
    await sleep(10);
  }
  const rate = jobs / ((performance.now() - started) / 1000);
  await Promise.all(running.map(async ({ worker, done }) => (await worker.stop(), await done)));
  return rate;
};

/**
 * The drain through the REST API: one server process, and `workers` HTTP workers (our Worker over
 * HttpJobSource) in this one; each round drains a project of its own on the same server, as a
 * long-lived server does (the in-process drain too runs in a process that has run the code
 * before). Every round's jobs/s, in order: the first one runs on a cold server.
 */
export const restDrain = async (adminUrl: string, jobs: number, workers: number, rounds: number): Promise<number[]> => {
  const database = await scratchDatabase(adminUrl, 'wn_peers_rest');
  const server = await startServerProcess({ DATABASE_URL: database.url }, ROOT);
  const probe = new pg.Client({ connectionString: database.url });
  await probe.connect();
  try {
    const client = new WhatsNextClient({ baseUrl: server.url, timeoutMs: 120_000 });
    const rates: number[] = [];
    for (let round = 1; round <= rounds; round++) rates.push(await restDrainRound(client, probe, jobs, workers, round));
    if (process.env['WHATSNEXT_BENCH_METRICS']) process.stderr.write(await (await fetch(`${server.url}/metrics`)).text());
    return rates;
  } finally {
    await probe.end();
    await server.stop();
    await database.drop();
  }
};
