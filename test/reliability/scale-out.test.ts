import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { WhatsNextClient } from '../../src/adapters/client/whatsnext-client.js';
import { cpuSecondsOf, machineBusySeconds, treeCpuSecondsOf } from './support/child-processes.js';
import { FULL_CHAOS, scratchDir, sized, sleep } from './support/chaos-mode.js';
import { describeResult, runChaos, type ChaosResult } from './support/chaos-run.js';
import { assertEveryJobRanOnce } from './support/exactly-once.js';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';
import { freePort, startServerProcess, type ServerProcess } from './support/server-process.js';
import { WorkerFleet } from './support/worker-fleet.js';
import { need, readExecutions } from './support/workload.js';

/**
 * Item 7 of issue 8: three server processes on one PostgreSQL database, 12 worker processes
 * spread over them, the workload of the server-crash test without kills. Exactly-once holds
 * across replicas; long-poll wake-ups (PostgreSQL LISTEN/NOTIFY) reach workers on every replica;
 * throughput with one and with three replicas, and the CPU each part used, to see what
 * saturates first. The cluster is private to this file, so that its CPU can be measured.
 */

const JOBS = sized(10_000, 600);
const WORKERS = 12;
const CORES = availableParallelism();

let cluster: PrivatePostgres;
test.before(async () => {
  cluster = await startPrivatePostgres();
});

const startReplicas = async (databaseUrl: string, count: number): Promise<ServerProcess[]> => {
  const replicas: ServerProcess[] = [];
  // One at a time: each runs the migrations check at start.
  for (let i = 0; i < count; i++) replicas.push(await startServerProcess(await freePort(), { DATABASE_URL: databaseUrl }));
  return replicas;
};

const scaleRun = async (replicaCount: number): Promise<{ result: ChaosResult; replicas: number }> => {
  const databaseUrl = await cluster.createDatabase(`wn_scale_${replicaCount}`);
  const replicas = await startReplicas(databaseUrl, replicaCount);
  const postmaster = await cluster.postmasterPid();
  try {
    const result = await runChaos({
      urls: replicas.map((replica) => replica.url),
      workerPorts: replicas.map((replica) => replica.port),
      jobs: JOBS,
      workers: WORKERS,
      dir: await scratchDir(`wn-scale-${replicaCount}-`),
      name: `scale-${replicaCount}`,
      cpuProbe: () => ({
        servers: replicas.reduce((sum, replica) => sum + cpuSecondsOf(replica.process.pid), 0),
        postgres: treeCpuSecondsOf(postmaster),
        machine: machineBusySeconds(),
      }),
      timeoutMs: sized(25 * 60_000, 100_000),
    });
    return { result, replicas: replicaCount };
  } finally {
    await Promise.all(replicas.map((replica) => replica.stop()));
  }
};

const report = (t: import('ava').ExecutionContext, { result, replicas }: { result: ChaosResult; replicas: number }) => {
  const cpu = result.cpuSeconds;
  const share = (seconds: number) => `${Math.round((seconds / result.seconds) * 100)}% of a core`;
  t.log(`${replicas} replica(s)${FULL_CHAOS ? ' (full)' : ''}, ${WORKERS} workers, ${CORES} cores:`);
  for (const line of describeResult(result)) t.log(`  ${line}`);
  t.log(
    `  CPU seconds: servers ${cpu['servers']} (${share(cpu['servers']!)}), PostgreSQL ${cpu['postgres']} (${share(cpu['postgres']!)}), ` +
      `workers ${cpu['workers']} (${share(cpu['workers']!)}); the whole machine ${cpu['machine']} of ${Math.round(result.seconds * CORES)} available ` +
      `(others, including this test's process: ${Math.round((cpu['machine']! - cpu['servers']! - cpu['postgres']! - cpu['workers']!) * 10) / 10})`,
  );
};

const assertExactlyOnce = (t: import('ava').ExecutionContext, result: ChaosResult) => {
  assertEveryJobRanOnce(t, result, JOBS);
  t.is(result.accounting.reclaimed, 0, 'no job was claimed twice');
};

test.serial('one replica, then three on one database: every job completes exactly once; throughput and CPU by part', async (t) => {
  const one = await scaleRun(1);
  report(t, one);
  assertExactlyOnce(t, one.result);
  const three = await scaleRun(3);
  report(t, three);
  assertExactlyOnce(t, three.result);
  t.log(`throughput: 1 replica ${(JOBS / one.result.seconds).toFixed(1)} jobs/s, 3 replicas ${(JOBS / three.result.seconds).toFixed(1)} jobs/s`);
});

test.serial('a job submitted to one replica wakes workers long-polling on the others', async (t) => {
  const databaseUrl = await cluster.createDatabase('wn_wakeups');
  const replicas = await startReplicas(databaseUrl, 3);
  const dir = await scratchDir('wn-wakeups-');
  const ranLog = join(dir, 'ran.log');
  const clients = replicas.map((replica) => new WhatsNextClient({ baseUrl: replica.url }));
  const project = await need(clients[0]!.createProject('wakeups'));
  const task = await need(clients[0]!.createTask(project.id, 'side-effect'));
  // Workers on replicas 1 and 2 only, each claim waiting up to 5 minutes: only a wake-up brings a job soon.
  const fleet = new WorkerFleet({
    kind: 'loop',
    projectName: project.name,
    projectId: project.id,
    ranLog,
    ports: [replicas[1]!.port, replicas[2]!.port],
    workers: 2,
    logDir: join(dir, 'logs'),
    idPrefix: 'wakeup',
    pollMs: 300_000,
  });
  try {
    await fleet.ready();
    await sleep(1_000);
    const latencies: number[] = [];
    for (let round = 0; round < 6; round++) {
      const submitted = performance.now();
      // Submitted on replica 0, where no worker listens.
      const job = await need(clients[0]!.createJob(project.id, { name: `wake-${round}`, task_id: task.id }));
      while (!(await readExecutions(ranLog)).runs.has(job.id)) {
        if (performance.now() - submitted > 60_000) throw new Error(`job ${job.id} was not claimed within 60 s: no wake-up reached the workers`);
        await sleep(5);
      }
      latencies.push(Math.round(performance.now() - submitted));
      await sleep(300);
    }
    t.log(`submit on replica 0 → run by a worker long-polling on replica 1 or 2: ${latencies.join(', ')} ms`);
    const jobs = await need(clients[2]!.listJobs({ projectId: project.id, limit: 100 }));
    t.is(jobs.length, 6);
    t.pass();
  } finally {
    // Servers first: their shutdown answers the workers' long polls at once, which a stopping
    // worker otherwise waits out (the SDK cannot cancel a request in flight).
    await Promise.all(replicas.map((replica) => replica.stop()));
    await fleet.stop();
  }
});
