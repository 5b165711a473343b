/**
 * One round of bench:peers' drain for the two WhatsNext contenders only (keeping jobs, and
 * remove_on_complete), about a minute: for alternating sittings that compare a change with the
 * code before it, the keeping drain of the same run being the control.
 *   npm run bench:drain   (WHATSNEXT_BENCH_DATABASE_URL or DATABASE_URL names the server)
 */
import { measureRound } from './peers/peer-measures.js';
import { whatsNext, whatsNextRemoving } from './peers/whatsnext-contender.js';

const ADMIN_URL = process.env['WHATSNEXT_BENCH_DATABASE_URL'] || process.env['DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres';
const SIZES = { bulkJobs: 20_000, drainJobs: 20_000, drainWorkers: 10, wakeUpJobs: 20, wakeUpEveryMs: 10, repetitions: 1 };

for (const contender of [whatsNext, whatsNextRemoving]) {
  const figures = await measureRound(ADMIN_URL, contender, SIZES);
  console.log(`${contender.name}: drain ${Math.round(figures.drainJobsPerSecond).toLocaleString('en')} jobs/s`);
}
process.exit(0);
