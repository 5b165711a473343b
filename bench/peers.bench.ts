/**
 * WhatsNext beside graphile-worker 0.18 and pg-boss 12 on one PostgreSQL server, in one run: bulk
 * enqueue, drain with 10 concurrent workers, wake-up latency (each the median of 3 rounds,
 * interleaved across the queues); then what only WhatsNext runs: fetch_job latency against queue
 * depth (plotted to docs/claim-latency.svg), DAG shapes, resource-filtered claims, and the drain
 * through the REST API (as many rounds as the peers, on one server).
 *   npm run bench:peers   (WHATSNEXT_BENCH_DATABASE_URL or DATABASE_URL names the server; default
 *                          postgres://postgres@127.0.0.1:5432/postgres; it creates and drops
 *                          databases of its own there)
 *   WHATSNEXT_BENCH_QUICK=1 for a smoke run with small sizes.
 */
import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import pg from 'pg';
import type { Contender } from './peers/contender.js';
import { graphileWorker } from './peers/graphile-contender.js';
import { latencyPlot } from './peers/latency-plot.js';
import { measureRound, type PeerFigures, type PeerSizes } from './peers/peer-measures.js';
import { pgBoss } from './peers/pg-boss-contender.js';
import { whatsNext, whatsNextRemoving } from './peers/whatsnext-contender.js';
import { dagThroughput, fetchLatencyByDepth, resourceFilteredClaims, restChain, restDrain } from './peers/whatsnext-workloads.js';
import { median } from './support/stats.js';

const QUICK = process.env['WHATSNEXT_BENCH_QUICK'] === '1';
const ADMIN_URL = process.env['WHATSNEXT_BENCH_DATABASE_URL'] || process.env['DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres';
const PLOT_PATH = resolve(import.meta.dirname, '..', 'docs', 'claim-latency.svg');

const SIZES: PeerSizes = QUICK
  ? { bulkJobs: 2_000, drainJobs: 2_000, drainWorkers: 10, wakeUpJobs: 50, wakeUpEveryMs: 10, repetitions: 1 }
  : { bulkJobs: 20_000, drainJobs: 20_000, drainWorkers: 10, wakeUpJobs: 200, wakeUpEveryMs: 10, repetitions: 3 };
const DEPTHS = QUICK ? [1_000, 10_000] : [1_000, 100_000, 1_000_000];
const DAG_SIZES = QUICK ? { 'fan-out': 1_000, 'fan-in': 1_000, chain: 200 } : { 'fan-out': 10_001, 'fan-in': 10_001, chain: 2_000 };
const RESOURCE_JOBS = QUICK ? 1_000 : 8_000;
const REST_WORKERS = 8;
/** The chain's goal (issue 19): twice the 241 jobs/s of the 2,000-job chain before claims rode with reports. */
const CHAIN_GOAL = 482;

const log = (line: string) => process.stderr.write(`${line}\n`);
const round = (value: number) => Math.round(value).toLocaleString('en');
const ratio = (ours: number, theirs: number) => (ours / theirs).toFixed(2);

const serverVersion = async (): Promise<string> => {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
  await client.end();
  return rows[0]!.server_version;
};

const contenders: readonly Contender[] = [whatsNext, whatsNextRemoving, graphileWorker, pgBoss];
log(`PostgreSQL ${await serverVersion()}, Node ${process.version}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`);

// 1. The peers, rounds interleaved so that whatever else the machine does falls on each alike.
const rounds = new Map<string, PeerFigures[]>(contenders.map((contender) => [contender.name, []]));
for (let repetition = 1; repetition <= SIZES.repetitions; repetition++) {
  for (const contender of contenders) {
    const figures = await measureRound(ADMIN_URL, contender, SIZES);
    rounds.get(contender.name)!.push(figures);
    log(
      `  round ${repetition} ${contender.name}: bulk ${round(figures.bulkJobsPerSecond)} jobs/s, drain ${round(figures.drainJobsPerSecond)} jobs/s, wake-up p50 ${figures.wakeUpP50Ms.toFixed(2)} ms, p99 ${figures.wakeUpP99Ms.toFixed(2)} ms`,
    );
  }
}
const medians = new Map(
  [...rounds].map(([name, figures]) => [
    name,
    {
      bulk: median(figures.map((f) => f.bulkJobsPerSecond)),
      drain: median(figures.map((f) => f.drainJobsPerSecond)),
      p50: median(figures.map((f) => f.wakeUpP50Ms)),
      p99: median(figures.map((f) => f.wakeUpP99Ms)),
    },
  ]),
);
const ours = medians.get(whatsNext.name)!;
const oursRemoving = medians.get(whatsNextRemoving.name)!;

// 2. What only WhatsNext runs.
log('fetch_job latency against queue depth…');
const latency = await fetchLatencyByDepth(ADMIN_URL, DEPTHS, QUICK ? 60 : 300);
const dags: [string, number, number][] = [];
for (const [shape, size] of Object.entries(DAG_SIZES) as [keyof typeof DAG_SIZES, number][]) {
  log(`DAG ${shape}…`);
  dags.push([shape, size, await dagThroughput(ADMIN_URL, shape, size)]);
}
log('DAG chain over REST…');
const restChainRate = await restChain(ADMIN_URL, DAG_SIZES.chain);
log('resource-filtered claims…');
const resources = await resourceFilteredClaims(ADMIN_URL, RESOURCE_JOBS);
log('REST drain…');
const restRounds = await restDrain(ADMIN_URL, SIZES.drainJobs, REST_WORKERS, SIZES.repetitions);
const rest = median(restRounds);

// 3. The report.
const lines: string[] = [];
const out = (line = '') => lines.push(line);
out(`Peers: ${SIZES.bulkJobs.toLocaleString('en')}-job bulk enqueue, ${SIZES.drainJobs.toLocaleString('en')}-job drain with ${SIZES.drainWorkers} concurrent workers, wake-up of ${SIZES.wakeUpJobs} jobs added every ${SIZES.wakeUpEveryMs} ms; median of ${SIZES.repetitions}`);
out();
out('| queue | bulk enqueue (jobs/s) | drain (jobs/s) | wake-up p50 (ms) | wake-up p99 (ms) |');
out('|---|---:|---:|---:|---:|');
for (const [name, figures] of medians) out(`| ${name} | ${round(figures.bulk)} | ${round(figures.drain)} | ${figures.p50.toFixed(2)} | ${figures.p99.toFixed(2)} |`);
for (const peer of [graphileWorker, pgBoss]) {
  const theirs = medians.get(peer.name)!;
  out(`| WhatsNext / ${peer.name} | ${ratio(ours.bulk, theirs.bulk)} | ${ratio(ours.drain, theirs.drain)} | ${ratio(ours.p50, theirs.p50)} | ${ratio(ours.p99, theirs.p99)} |`);
}
{
  const graphile = medians.get(graphileWorker.name)!;
  out(`| WhatsNext remove-on-complete / graphile-worker (both delete) | ${ratio(oursRemoving.bulk, graphile.bulk)} | ${ratio(oursRemoving.drain, graphile.drain)} | ${ratio(oursRemoving.p50, graphile.p50)} | ${ratio(oursRemoving.p99, graphile.p99)} |`);
}
out();
out('Like with like: WhatsNext keeps every finished job by default, as pg-boss does; graphile-worker deletes a job as it completes, as WhatsNext with retention remove_on_complete does.');
for (const contender of contenders) out(`- ${contender.name}: ${contender.settings}`);
out();
out('fetch_job latency (REST, with num_pending) against queue depth:');
for (const [depth, figures] of latency) out(`  ${depth.toLocaleString('en').padStart(9)} pending: p50 ${figures.p50.toFixed(2)} ms, p99 ${figures.p99.toFixed(2)} ms`);
const first = latency.get(DEPTHS[0]!)!;
const last = latency.get(DEPTHS[DEPTHS.length - 1]!)!;
out(`  p50 at ${DEPTHS[DEPTHS.length - 1]!.toLocaleString('en')} / p50 at ${DEPTHS[0]!.toLocaleString('en')}: ${(last.p50 / first.p50).toFixed(2)} (goal: <= 2)`);
out();
out('DAGs (one worker, 10 slots), from the worker start to the last completion:');
for (const [shape, size, rate] of dags) out(`  ${shape.padEnd(8)} ${size.toLocaleString('en').padStart(7)} jobs: ${round(rate)} jobs/s`);
out(`  chain over REST (one HTTP worker, 10 slots) ${DAG_SIZES.chain.toLocaleString('en')} jobs: ${round(restChainRate)} jobs/s`);
out();
out(`Resource-filtered claims, ${RESOURCE_JOBS.toLocaleString('en')} jobs of 4 requirement kinds, 8 workers of 4 classes: ${round(resources.jobsPerSecond)} jobs/s, ${resources.violations.length} misfits or overcommits`);
out(`  jobs run per class: ${Object.entries(resources.byClass).map(([name, count]) => `${name} ${count}`).join(', ')}`);
for (const violation of resources.violations.slice(0, 5)) out(`  VIOLATION: ${violation}`);
out();
out(`REST drain, ${REST_WORKERS} HTTP workers, one server, median of ${restRounds.length}: ${round(rest)} jobs/s = ${ratio(rest, ours.drain)} of the in-process drain (goal: >= 0.5)`);
out(`  rounds in order (the first on a cold server): ${restRounds.map(round).join(', ')} jobs/s`);
out();
out('Goals:');
const goal = (text: string, met: boolean) => out(`  [${met ? 'met' : 'MISSED'}] ${text}`);
const boss = medians.get(pgBoss.name)!;
const graphile = medians.get(graphileWorker.name)!;
goal(`drain keeping jobs >= 2.0 x pg-boss, which keeps them (${ratio(ours.drain, boss.drain)})`, ours.drain >= 2 * boss.drain);
goal(`drain with remove_on_complete >= 1.0 x graphile-worker, which deletes them (${ratio(oursRemoving.drain, graphile.drain)})`, oursRemoving.drain >= graphile.drain);
for (const peer of [graphileWorker, pgBoss]) {
  const theirs = medians.get(peer.name)!;
  goal(`bulk enqueue >= 1.0 x ${peer.name} (${ratio(ours.bulk, theirs.bulk)})`, ours.bulk >= theirs.bulk);
}
goal(`wake-up p50 <= graphile-worker's (${ours.p50.toFixed(2)} vs ${medians.get(graphileWorker.name)!.p50.toFixed(2)} ms)`, ours.p50 <= medians.get(graphileWorker.name)!.p50);
goal(`REST drain >= 0.5 x in-process (${ratio(rest, ours.drain)})`, rest >= 0.5 * ours.drain);
const chainRate = dags.find(([shape]) => shape === 'chain')![2];
goal(`chain DAG of ${DAG_SIZES.chain.toLocaleString('en')} >= ${CHAIN_GOAL} jobs/s (${round(chainRate)})`, chainRate >= CHAIN_GOAL);
goal(`chain DAG of ${DAG_SIZES.chain.toLocaleString('en')} over REST >= ${CHAIN_GOAL} jobs/s (${round(restChainRate)})`, restChainRate >= CHAIN_GOAL);
goal(`claim p50 at ${DEPTHS[DEPTHS.length - 1]!.toLocaleString('en')} <= 2 x at ${DEPTHS[0]!.toLocaleString('en')} (${(last.p50 / first.p50).toFixed(2)})`, last.p50 <= 2 * first.p50);
goal('no worker ever got a job that does not fit', resources.violations.length === 0);

await writeFile(
  PLOT_PATH,
  latencyPlot('fetch_job latency against queue depth (PostgreSQL)', [
    { name: 'p50', colour: '#1f77b4', points: [...latency].map(([depth, figures]) => [depth, figures.p50] as const) },
    { name: 'p99', colour: '#d62728', points: [...latency].map(([depth, figures]) => [depth, figures.p99] as const) },
  ]),
);
out();
out(`plot: ${PLOT_PATH}`);
process.stdout.write(`\n${lines.join('\n')}\n`);
