/**
 * A project of 1,000,000 jobs on PostgreSQL (200,000 COMPLETED, the rest PENDING, over five tasks
 * with 1,400,000 dependencies; see scale/scale-dataset.ts), loaded through the store's bulk insert
 * so that the schema's triggers and statements keep every count, then read over HTTP from a real
 * server in its own process: the project's stats, a job listing's first page against a deep one by
 * `after_id` (and the old `skip` for comparison), a `/metrics` scrape, the DAG condensed by task, and slices of it (one
 * task's 5,000 jobs, one job's batch).
 *   npm run bench:scale   (WHATSNEXT_BENCH_DATABASE_URL or DATABASE_URL names the server; default
 *                          postgres://postgres@127.0.0.1:5432/postgres; it creates and drops a
 *                          database of its own there, named WHATSNEXT_BENCH_DATABASE_PREFIX_…,
 *                          wn_bench_scale by default)
 *   WHATSNEXT_BENCH_QUICK=1 for a smoke run of 20,000 jobs.
 */
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openMikroOrmStore } from '../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { JOBS_PER_UNIT, loadScaleProject } from './scale/scale-dataset.js';
import { scratchDatabase } from './support/scratch-database.js';
import { startServerProcess } from './support/server-process.js';
import { fixed, percentile } from './support/stats.js';

const QUICK = process.env['WHATSNEXT_BENCH_QUICK'] === '1';
const ADMIN_URL = process.env['WHATSNEXT_BENCH_DATABASE_URL'] || process.env['DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres';
const PREFIX = process.env['WHATSNEXT_BENCH_DATABASE_PREFIX'] || 'wn_bench_scale';
const JOBS = QUICK ? 20_000 : 1_000_000;
const PAGE = 50;
const SLICE = 5_000;
const WARM_UP = 3;

const ROOT = resolve(import.meta.dirname, '..');
const log = (line: string) => process.stderr.write(`${line}\n`);
const count = (n: number) => n.toLocaleString('en');

interface Figure {
  readonly measure: string;
  readonly samples: number[];
}

const database = await scratchDatabase(ADMIN_URL, PREFIX);
const figures: Figure[] = [];
let loadSeconds = 0;
let project: Awaited<ReturnType<typeof loadScaleProject>>;
let depthJobId = 0;
try {
  log(`PostgreSQL on ${new URL(ADMIN_URL).host}, Node ${process.version}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`);
  log(`loading ${count(JOBS)} jobs…`);
  const store = await openMikroOrmStore({ kind: 'postgres', url: database.url });
  try {
    const started = performance.now();
    project = await loadScaleProject(store, JOBS / JOBS_PER_UNIT, (jobs) => jobs % 100_000 === 0 && log(`  ${count(jobs)} jobs`));
    loadSeconds = (performance.now() - started) / 1000;
  } finally {
    await store.close();
  }
  // The state autovacuum reaches soon after a load (bench:store does the same).
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  try {
    await admin.query('VACUUM ANALYZE');
    await admin.query('CHECKPOINT').catch(() => undefined);
    // The job halfway through the project: where a deep page starts.
    const { rows } = await admin.query<{ id: number }>('SELECT min(id) + $1::int AS id FROM jobs WHERE project_id = $2', [JOBS / 2 - 1, project.projectId]);
    depthJobId = rows[0]!.id;
  } finally {
    await admin.end();
  }

  const server = await startServerProcess({ DATABASE_URL: database.url }, ROOT);
  try {
    const get = async (path: string): Promise<string> => {
      const response = await fetch(`${server.url}${path}`);
      const text = await response.text();
      if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${text.slice(0, 200)}`);
      return text;
    };
    /** `samples` timed GETs after a few untimed ones, one at a time; `check` reads the last answer (as `read` parses it). */
    const measure = async (name: string, path: string, samples: number, check: (body: any) => void = () => {}, read: (text: string) => unknown = JSON.parse): Promise<void> => {
      log(`${name}…`);
      for (let i = 0; i < Math.min(WARM_UP, samples); i++) await get(path);
      const times: number[] = [];
      let text = '';
      for (let i = 0; i < samples; i++) {
        const started = performance.now();
        text = await get(path);
        times.push(performance.now() - started);
      }
      check(read(text));
      figures.push({ measure: name, samples: times });
    };
    const expect = (ok: boolean, what: string) => {
      if (!ok) throw new Error(`unexpected answer: ${what}`);
    };
    const { projectId, taskIds } = project;
    await measure('GET /projects/{id}/stats', `/projects/${projectId}/stats`, 100, (stats) => expect(stats.total === JOBS, `stats total ${stats.total}`));
    await measure('GET /metrics (scrape)', '/metrics', 50, (text: string) =>
      // train holds 4 jobs of each unit of 10, all PENDING.
      expect(text.includes(`task="train",status="PENDING"} ${(JOBS * 2) / 5}`), 'jobs gauge of train'),
    String);
    await measure(`GET /jobs first page (${PAGE})`, `/jobs/?project_id=${projectId}&limit=${PAGE}`, 50, (page) => expect(page.length === PAGE, 'first page'));
    await measure(`GET /jobs after_id = job ${count(JOBS / 2)} (${PAGE})`, `/jobs/?project_id=${projectId}&limit=${PAGE}&after_id=${depthJobId}`, 50, (page) =>
      expect(page[0]?.id === depthJobId + 1, 'deep page'),
    );
    await measure(`GET /jobs skip=${count(JOBS / 2)} (${PAGE}), the old way`, `/jobs/?project_id=${projectId}&limit=${PAGE}&skip=${JOBS / 2}`, 5);
    await measure('GET /projects/{id}/graph (condensed)', `/projects/${projectId}/graph`, 50, (graph) =>
      expect(graph.tasks.length === 5 && graph.dependencies.reduce((sum: number, d: { count: number }) => sum + d.count, 0) === project.dependencies, 'condensed graph'),
    );
    await measure(`GET /graph/jobs?task_id=train, first ${count(SLICE)}`, `/projects/${projectId}/graph/jobs?task_id=${taskIds.train}&limit=${SLICE}`, 10, (slice) =>
      expect(slice.jobs.length === SLICE && slice.more, 'train slice'),
    );
    await measure(`GET /graph/jobs?task_id=evaluate, ${count(SLICE)} after job ${count(JOBS / 2)}`, `/projects/${projectId}/graph/jobs?task_id=${taskIds.evaluate}&limit=${SLICE}&after_id=${depthJobId}`, 10, (slice) =>
      // evaluate holds 3 jobs of each unit of 10: 15 % of the jobs come after the middle.
      expect(slice.jobs.length === Math.min(SLICE, (JOBS * 3) / 20), 'deep evaluate slice'),
    );
    await measure(`GET /graph/jobs?around=job ${count(JOBS / 2)} (its batch)`, `/projects/${projectId}/graph/jobs?around=${depthJobId}`, 20, (slice) =>
      expect(slice.jobs.length === JOBS_PER_UNIT, 'batch of a unit'),
    );
  } finally {
    await server.stop();
  }
} finally {
  await database.drop();
}

const p50 = (name: string) => percentile(figures.find((figure) => figure.measure.startsWith(name))!.samples, 50);
const lines: string[] = [];
const out = (line = '') => lines.push(line);
out(`Scale: one project of ${count(JOBS)} jobs (${count(JOBS / 5)} COMPLETED, the rest PENDING), 5 tasks, ${count(project!.dependencies)} dependencies, PostgreSQL`);
out(`  loaded through the store's bulk insert in ${fixed(loadSeconds, 1)} s (${count(Math.round(JOBS / loadSeconds))} jobs/s, edges and counts included)`);
out();
out('| request | samples | p50 (ms) | p90 (ms) | max (ms) |');
out('|---|---:|---:|---:|---:|');
for (const { measure, samples } of figures) {
  out(`| ${measure} | ${samples.length} | ${fixed(percentile(samples, 50))} | ${fixed(percentile(samples, 90))} | ${fixed(Math.max(...samples))} |`);
}
out();
out('Goals:');
const goal = (text: string, met: boolean) => out(`  [${met ? 'met' : 'MISSED'}] ${text}`);
const first = p50('GET /jobs first');
const deep = p50('GET /jobs after_id');
goal(`stats p50 <= 20 ms (${fixed(p50('GET /projects/{id}/stats'))} ms)`, p50('GET /projects/{id}/stats') <= 20);
goal(`/metrics scrape p50 <= 50 ms (${fixed(p50('GET /metrics'))} ms)`, p50('GET /metrics') <= 50);
goal(`deep page by after_id p50 <= 2 x the first page's (${fixed(deep)} vs ${fixed(first)} ms: ${fixed(deep / first)} x)`, deep <= 2 * first);
goal(`condensed graph p50 <= 5 s (${fixed(p50('GET /projects/{id}/graph'))} ms)`, p50('GET /projects/{id}/graph') <= 5_000);
const drill = Math.max(p50('GET /graph/jobs?task_id=train'), p50('GET /graph/jobs?task_id=evaluate'));
goal(`drilling into ${count(SLICE)} jobs of a task p50 <= 5 s (${fixed(drill)} ms, the slower of the two)`, drill <= 5_000);
process.stdout.write(`\n${lines.join('\n')}\n`);
