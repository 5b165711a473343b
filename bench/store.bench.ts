/**
 * The MikroORM store on PostgreSQL and PGlite: claim latency at growing queue depths, drain
 * throughput with concurrent workers, bulk insert. Every claim is its own transaction, as a
 * worker's would be.
 *   npm run bench:store   (PostgreSQL from WHATSNEXT_BENCH_DATABASE_URL or DATABASE_URL: the bench
 *                          creates and drops databases of its own there; PGlite in temp dirs)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import type { DatabaseConfig } from '../src/adapters/persistence/mikro-orm/database-config.js';
import type { MikroOrmStore } from '../src/adapters/persistence/mikro-orm/mikro-orm-store.js';
import { openMikroOrmStore } from '../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import type { StoreTransaction } from '../src/application/ports/store.port.js';
import type { NewJob } from '../src/domain/job.js';
import { complete, start } from '../src/domain/job-transitions.js';
import { DEFAULT_REQUIREMENTS, UNLIMITED_OFFER } from '../src/domain/resources.js';
import { createScratchDatabase } from '../test/contract/database-fixture.js';
import { KEEP_FOREVER } from '../src/domain/retention.js';

const CLAIMS_MEASURED = 300;
const ROUNDS = 6;
const WARM_UP = 20;
const INSERT_CHUNK = 100_000;
const DRAIN_JOBS = 20_000;
const DRAIN_WORKERS = 10;
const BULK_JOBS = 100_000;

interface Row {
  readonly backend: string;
  readonly measure: string;
  readonly value: string;
}
const rows: Row[] = [];
const report = (backend: string, measure: string, value: string): void => {
  rows.push({ backend, measure, value });
  process.stderr.write(`  ${backend} | ${measure} | ${value}\n`);
};

const inTx = async <A>(store: MikroOrmStore, work: (tx: StoreTransaction) => Promise<A>): Promise<A> => {
  const result = await store.transaction<never, A>(async (tx) => E.right(await work(tx)));
  if (E.isLeft(result)) throw new Error('unexpected Left');
  return result.right;
};

const now = new Date();
const noOpJob = (projectId: number, taskId: number, index: number): NewJob => ({
  projectId,
  taskId,
  name: `noop-${index}`,
  parameters: `{"index":${index}}`,
  priority: index % 10,
  status: 'PENDING',
  dependencies: [],
  unmetDependencies: 0,
  requirements: DEFAULT_REQUIREMENTS,
  attempts: 0,
  maxAttempts: 3,
  lease: null,
  exitCode: null,
  failureReason: null,
  blockedBy: null,
  createdAt: now,
  updatedAt: now,
  startedAt: null,
  finishedAt: null,
});

/** A project with one task; every measure works in a project of its own. */
const newQueue = (store: MikroOrmStore, name: string): Promise<{ projectId: number; taskId: number }> =>
  inTx(store, async (tx) => {
    const project = await tx.projects.insert({ name, description: '', status: 'ACTIVE', retention: KEEP_FOREVER, createdAt: now, updatedAt: now });
    if (E.isLeft(project)) throw new Error(project.left.message);
    const task = await tx.tasks.insert({
      projectId: project.right.id,
      name: 'noop',
      commandTemplate: null,
      requirements: DEFAULT_REQUIREMENTS,
      maxAttempts: 3,
      retryOnFailure: false,
      timeoutSeconds: null,
      retention: null,
      createdAt: now,
      updatedAt: now,
    });
    if (E.isLeft(task)) throw new Error(task.left.message);
    return { projectId: project.right.id, taskId: task.right.id };
  });

const fill = async (store: MikroOrmStore, queue: { projectId: number; taskId: number }, from: number, to: number): Promise<void> => {
  for (let at = from; at < to; at += INSERT_CHUNK) {
    const jobs = Array.from({ length: Math.min(INSERT_CHUNK, to - at) }, (_, offset) => noOpJob(queue.projectId, queue.taskId, at + offset));
    await inTx(store, (tx) => tx.jobs.insert(jobs));
  }
};

/**
 * After a bulk load, lets the database reach the state it keeps between loads: vacuumed and
 * analysed (what autovacuum does soon after), and checkpointed, so that the claims measured do not
 * pay for flushing the load's WAL. CHECKPOINT needs a superuser; elsewhere that step is skipped.
 */
const settle = async (store: MikroOrmStore): Promise<void> => {
  const connection = store.orm.em.getConnection();
  await connection.execute('VACUUM ANALYZE jobs');
  await connection.execute('CHECKPOINT').catch(() => undefined);
};

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const claim = (store: MikroOrmStore, projectId: number, owner: string) =>
  inTx(store, async (tx) => (await tx.queue.claim({ projectId, offer: UNLIMITED_OFFER, claimant: { owner, leaseSeconds: 300 }, now: new Date() }, 1))[0] ?? null);

/** A database of its own for one measure; `dispose` closes and removes it. */
type OpenDatabase = () => Promise<{ store: MikroOrmStore; dispose: () => Promise<void> }>;

/**
 * Claim latency at each depth, each depth in a database of its own holding that many pending jobs
 * (plus the ones the measure claims). The depths are measured in interleaved rounds, so that
 * whatever else the machine does at the time falls on every depth alike.
 */
const claimLatency = async (backend: string, open: OpenDatabase, depths: readonly number[]): Promise<Map<number, number>> => {
  const perRound = CLAIMS_MEASURED / ROUNDS;
  const queues = [];
  try {
    for (const depth of depths) {
      const database = await open();
      const queue = await newQueue(database.store, 'claims').catch(async (error: unknown) => {
        await database.dispose();
        throw error;
      });
      queues.push({ depth, database, projectId: queue.projectId, samples: [] as number[] });
      await fill(database.store, queue, 0, depth + WARM_UP + CLAIMS_MEASURED);
      await settle(database.store);
      for (let i = 0; i < WARM_UP; i++) await claim(database.store, queue.projectId, 'warm-up');
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const queue of queues) {
        for (let i = 0; i < perRound; i++) {
          const started = performance.now();
          const job = await claim(queue.database.store, queue.projectId, 'bench');
          queue.samples.push(performance.now() - started);
          if (job === null) throw new Error('the queue ran dry');
        }
      }
    }
  } finally {
    for (const queue of queues) await queue.database.dispose();
  }
  const medians = new Map<number, number>();
  for (const { depth, samples } of queues) {
    samples.sort((a, b) => a - b);
    medians.set(depth, percentile(samples, 50));
    report(backend, `claim latency, ${depth.toLocaleString('en')} pending`, `p50 ${percentile(samples, 50).toFixed(2)} ms, p99 ${percentile(samples, 99).toFixed(2)} ms`);
  }
  return medians;
};

/** Claim + start + complete, each claim and each completion its own transaction, by concurrent workers. */
const drain = async (backend: string, store: MikroOrmStore): Promise<void> => {
  const queue = await newQueue(store, 'drain');
  await fill(store, queue, 0, DRAIN_JOBS);
  let done = 0;
  const worker = async (owner: string): Promise<void> => {
    for (let job = await claim(store, queue.projectId, owner); job !== null; job = await claim(store, queue.projectId, owner)) {
      const id = job.id;
      await store.transaction(async (tx) => {
        const current = (await tx.jobs.getForUpdate(id))!;
        const at = new Date();
        const finished = E.flatMap(start(current, owner, at), (running) => complete(running, owner, at));
        if (E.isLeft(finished)) return finished;
        await tx.jobs.update(finished.right);
        await tx.jobs.satisfyDependents([id], at);
        return E.right(undefined);
      });
      done += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: DRAIN_WORKERS }, (_, index) => worker(`w${index}`)));
  const seconds = (performance.now() - started) / 1000;
  if (done !== DRAIN_JOBS) throw new Error(`drained ${done} of ${DRAIN_JOBS}`);
  report(backend, `drain ${DRAIN_JOBS.toLocaleString('en')} jobs, ${DRAIN_WORKERS} workers (claim + complete)`, `${Math.round(done / seconds)} jobs/s`);
};

const bulkInsert = async (backend: string, store: MikroOrmStore): Promise<void> => {
  const queue = await newQueue(store, 'bulk');
  const jobs = Array.from({ length: BULK_JOBS }, (_, index) => noOpJob(queue.projectId, queue.taskId, index));
  const started = performance.now();
  await inTx(store, (tx) => tx.jobs.insert(jobs));
  const seconds = (performance.now() - started) / 1000;
  report(backend, `bulk insert of ${BULK_JOBS.toLocaleString('en')} jobs (one batch)`, `${Math.round(BULK_JOBS / seconds)} jobs/s`);
};

const run = async (backend: string, open: OpenDatabase, depths: readonly number[]): Promise<void> => {
  const { store, dispose } = await open();
  try {
    await bulkInsert(backend, store);
    await drain(backend, store);
  } finally {
    await dispose();
  }
  const medians = await claimLatency(backend, open, depths);
  const smallest = medians.get(depths[0]!)!;
  const largest = medians.get(depths[depths.length - 1]!)!;
  report(backend, `p50 at ${depths[depths.length - 1]!.toLocaleString('en')} / p50 at ${depths[0]!.toLocaleString('en')}`, `${(largest / smallest).toFixed(2)} (goal: <= 2)`);
};

const openOn = (config: DatabaseConfig, cleanUp: () => Promise<void>) => async () => {
  const store = await openMikroOrmStore(config);
  return {
    store,
    dispose: async () => {
      await store.close();
      await cleanUp();
    },
  };
};

const serverUrl = process.env['WHATSNEXT_BENCH_DATABASE_URL'] ?? process.env['DATABASE_URL'];
if (serverUrl !== undefined && serverUrl !== '') {
  const openPostgres: OpenDatabase = async () => {
    const database = await createScratchDatabase(serverUrl, 'wn_bench');
    return openOn({ kind: 'postgres', url: database.url, poolSize: DRAIN_WORKERS }, database.drop)();
  };
  await run('postgres', openPostgres, [1_000, 100_000, 1_000_000]);
} else {
  process.stderr.write('PostgreSQL skipped: set WHATSNEXT_BENCH_DATABASE_URL or DATABASE_URL to a server\n');
}

const openPglite: OpenDatabase = async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'whatsnext-bench-'));
  return openOn({ kind: 'pglite', dataDir }, () => rm(dataDir, { recursive: true, force: true }))();
};
await run('pglite', openPglite, [1_000, 100_000]);

const width = (key: keyof Row) => Math.max(key.length, ...rows.map((row) => row[key].length));
const line = (row: Row) => `${row.backend.padEnd(width('backend'))} | ${row.measure.padEnd(width('measure'))} | ${row.value}`;
process.stdout.write(`\n${line({ backend: 'backend', measure: 'measure', value: 'value' })}\n${rows.map(line).join('\n')}\n`);
