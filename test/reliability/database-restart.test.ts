import test from 'ava';
import { FULL_CHAOS, scratchDir, secondsSince, sized, sleep } from './support/chaos-mode.js';
import { describeResult, runChaos, traceJobs } from './support/chaos-run.js';
import { assertEveryJobRanOnce } from './support/exactly-once.js';
import { startPrivatePostgres } from './support/private-postgres.js';
import { freePort, startServerProcess } from './support/server-process.js';

/**
 * Item 2 of issue 8: PostgreSQL crashes (`pg_ctl stop -m immediate`) and comes back in the middle
 * of a run. Meanwhile `GET /checkdb` answers 503 and the API 503 with Retry-After; the server
 * reconnects by itself, workers back off and retry, and every job is completed exactly once.
 * The cluster is private to this file (initdb in a temp dir, on a free port): the shared
 * PostgreSQL server is never touched.
 */

const JOBS = sized(10_000, 600);
const RESTARTS = sized(3, 1);
const OUTAGE_MS = sized(8_000, 4_000);
const WORKERS = 8;

const checkdb = async (url: string): Promise<number> => {
  try {
    return (await fetch(`${url}/checkdb`, { signal: AbortSignal.timeout(10_000) })).status;
  } catch {
    return 0;
  }
};

test('PostgreSQL restarted during a run: /checkdb 503 meanwhile, the server reconnects, every job completes once', async (t) => {
  const cluster = await startPrivatePostgres();
  const databaseUrl = await cluster.createDatabase('wn_restart');
  const dir = await scratchDir('wn-db-restart-');
  const port = await freePort();
  const server = await startServerProcess(port, { DATABASE_URL: databaseUrl, WHATSNEXT_LEASE_SECONDS: '5' });
  const outages: { down503: boolean; answers: Record<number, number>; recoveredAfterS: number }[] = [];
  const result = await runChaos({
    urls: [server.url],
    workerPorts: [port],
    jobs: JOBS,
    workers: WORKERS,
    dir,
    name: 'db-restart',
    disruptions: RESTARTS,
    disrupt: async () => {
      await cluster.crash();
      const answers: Record<number, number> = {};
      const downUntil = performance.now() + OUTAGE_MS;
      while (performance.now() < downUntil) {
        const status = await checkdb(server.url);
        answers[status] = (answers[status] ?? 0) + 1;
        await sleep(250);
      }
      const restarted = performance.now();
      await cluster.start();
      while ((await checkdb(server.url)) !== 200) await sleep(100);
      outages.push({ down503: (answers[503] ?? 0) > 0 && (answers[200] ?? 0) === 0, answers, recoveredAfterS: secondsSince(restarted) });
    },
    timeoutMs: sized(25 * 60_000, 100_000),
  });
  const serverAlive = server.process.alive();
  await server.stop();
  const a = result.accounting;
  const backedOff = result.fleet.outputs().reduce((sum, output) => sum + (output.match(/HTTP 503/g)?.length ?? 0), 0);
  t.log(`postgres (private cluster)${FULL_CHAOS ? ' (full)' : ''}: ${WORKERS} workers, ${RESTARTS} database crashes of ${OUTAGE_MS / 1000} s`);
  for (const outage of outages) {
    t.log(`outage: /checkdb answers ${JSON.stringify(outage.answers)}; 200 again ${outage.recoveredAfterS} s after pg_ctl start returned`);
  }
  t.log(`503 answers seen by workers (claims and heartbeats that backed off): ${backedOff}`);
  for (const line of describeResult(result)) t.log(line);
  for (const line of traceJobs(result, a.ranTwice)) t.log(line);
  t.true(serverAlive, 'the server survived the outages');
  t.is(outages.length, RESTARTS, 'the database was restarted as planned');
  t.true(
    outages.every((outage) => outage.down503),
    '/checkdb answered 503 (and never 200) while the database was down',
  );
  assertEveryJobRanOnce(t, result, JOBS);
});
