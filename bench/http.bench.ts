/**
 * The REST API under load, with the server in its own process:
 * - fetch + complete throughput with 8 concurrent keep-alive clients, the way our workers do it
 *   (fetch_job with a lease, start, complete) and the way the Python client does it
 *   (fetch_job, then GET + PUT RUNNING, GET + PUT COMPLETED);
 * - fetch_job latency p50/p99 with 1k and 100k pending jobs.
 *   npm run bench:http            (PGlite; PostgreSQL too when WHATSNEXT_BENCH_DATABASE_URL or DATABASE_URL is set)
 */
import * as E from 'fp-ts/lib/Either.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WhatsNextClient } from '../src/adapters/client/whatsnext-client.js';
import { scratchDatabase } from './support/scratch-database.js';
import { startServerProcess } from './support/server-process.js';
import { fixed, percentile } from './support/stats.js';

const ROOT = resolve(import.meta.dirname, '..');
const CLIENTS = 8;
const DRAIN_JOBS = 4_000;
const LATENCY_SAMPLES = 300;

const ok = <A>(result: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

const seed = async (client: WhatsNextClient, projectId: number, taskId: number, count: number) => {
  for (let done = 0; done < count; done += 5_000) {
    const size = Math.min(5_000, count - done);
    ok(await client.submitBatch(projectId, Array.from({ length: size }, (_, i) => ({ name: `j${done + i}`, task_id: taskId, parameters: `{"i":${done + i}}`, priority: (done + i) % 5 }))));
  }
};

const drain = async (client: WhatsNextClient, projectId: number, style: 'worker' | 'python'): Promise<number> => {
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, w) => {
      const clientId = `bench-${w}`;
      for (;;) {
        const claim = ok(await client.fetchJob(projectId, style === 'worker' ? { clientId, exact: true, cpu: 64 } : {}));
        if (claim.job === null) return;
        if (style === 'worker') {
          ok(await client.report(claim.job.id, 'start', { client_id: clientId }));
          ok(await client.report(claim.job.id, 'complete', { client_id: clientId }));
        } else {
          for (const status of ['RUNNING', 'COMPLETED']) {
            const job = ok(await client.getJob(claim.job.id));
            ok(await client.updateJob(job.id, { name: job.name, task_id: job.task_id, parameters: job.parametersText, priority: job.priority, status }));
          }
        }
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
};

const fetchLatency = async (client: WhatsNextClient, projectId: number): Promise<{ p50: number; p99: number }> => {
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const started = performance.now();
    ok(await client.fetchJob(projectId));
    samples.push(performance.now() - started);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
};

const run = async (label: string, env: Record<string, string>) => {
  const server = await startServerProcess(env, ROOT);
  try {
    const client = new WhatsNextClient({ baseUrl: server.url, timeoutMs: 120_000 });
    const project = ok(await client.createProject(`bench-${Date.now()}`));
    const task = ok(await client.createTask(project.id, 'noop'));
    await seed(client, project.id, task.id, 200);
    await drain(client, project.id, 'worker'); // warm up
    await seed(client, project.id, task.id, DRAIN_JOBS);
    const worker = await drain(client, project.id, 'worker');
    await seed(client, project.id, task.id, DRAIN_JOBS / 4);
    const python = await drain(client, project.id, 'python');

    const latencyProject = ok(await client.createProject(`latency-${Date.now()}`));
    const latencyTask = ok(await client.createTask(latencyProject.id, 'noop'));
    await seed(client, latencyProject.id, latencyTask.id, 1_000 + LATENCY_SAMPLES);
    const at1k = await fetchLatency(client, latencyProject.id);
    await seed(client, latencyProject.id, latencyTask.id, 100_000 - 1_000);
    const at100k = await fetchLatency(client, latencyProject.id);
    console.log(`\n${label}`);
    console.log(`  drain, ${CLIENTS} clients, fetch(lease)+start+complete: ${Math.round(worker)} jobs/s`);
    console.log(`  drain, ${CLIENTS} clients, Python-client style (fetch, GET+PUT x2): ${Math.round(python)} jobs/s`);
    console.log(`  fetch_job latency at ~1k pending:   p50 ${fixed(at1k.p50)} ms, p99 ${fixed(at1k.p99)} ms`);
    console.log(`  fetch_job latency at ~100k pending: p50 ${fixed(at100k.p50)} ms, p99 ${fixed(at100k.p99)} ms`);
    console.log(`  p50 at 100k / p50 at 1k: ${fixed(at100k.p50 / at1k.p50)} (goal: <= 2)`);
  } finally {
    await server.stop();
  }
};

const dataDir = await mkdtemp(join(tmpdir(), 'wn-bench-http-'));
try {
  await run('PGlite (embedded)', { WHATSNEXT_DATA_DIR: join(dataDir, 'data'), DATABASE_URL: '' });
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
const admin = process.env['WHATSNEXT_BENCH_DATABASE_URL'] ?? process.env['DATABASE_URL'];
if (admin) {
  const database = await scratchDatabase(admin, 'wn_bench_http');
  try {
    await run('PostgreSQL', { DATABASE_URL: database.url });
  } finally {
    await database.drop();
  }
}
