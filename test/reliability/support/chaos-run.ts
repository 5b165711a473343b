import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { WhatsNextClient } from '../../../src/adapters/client/whatsnext-client.js';
import { secondsSince, sleep } from './chaos-mode.js';
import { cpuSecondsOf } from './child-processes.js';
import { WorkerFleet } from './worker-fleet.js';
import { account, acknowledgedCompletions, createLab, submitJobs, type Accounting, type Workload } from './workload.js';

export interface ChaosPlan {
  /** Servers to submit to and read from (the first that answers). */
  readonly urls: readonly string[];
  /** Ports the workers spread over. */
  readonly workerPorts: readonly number[];
  readonly jobs: number;
  readonly workers: number;
  /** Worker processes: the in-process side effect (default) or `whatsnext worker` with a subprocess per job. */
  readonly workerKind?: 'cli' | 'loop';
  readonly dir: string;
  readonly name: string;
  /**
   * Called `disruptions` times, spread evenly over the run: when the completed count passes
   * jobs × (i+1)/(disruptions+1).
   */
  readonly disruptions?: number;
  readonly disrupt?: (index: number, fleet: WorkerFleet) => Promise<void>;
  readonly timeoutMs: number;
  /** Called every poll (e.g. to replace dead workers). */
  readonly onPoll?: (fleet: WorkerFleet) => void;
  /** CPU seconds by component, sampled as the workers start and once every job settled. */
  readonly cpuProbe?: () => Record<string, number>;
  /** The task's command (cli workers), given the side-effect log; default: append the job id to it. */
  readonly commandTemplate?: (ranLog: string) => string;
}

export interface ChaosResult {
  readonly workload: Workload;
  readonly accounting: Accounting;
  /** From the first submission (workers ready and waiting) to the last job settled. */
  readonly seconds: number;
  readonly fleet: WorkerFleet;
  /** Jobs the server acknowledged as completed to a worker more than once (must be none). */
  readonly acknowledgedTwice: readonly number[];
  readonly acknowledged: number;
  readonly counts: Record<string, number>;
  /** CPU seconds used during the run, by component of cpuProbe, plus `workers`. */
  readonly cpuSeconds: Record<string, number>;
}

/** A client on whichever of the servers answers. */
const answeringClient = async (urls: readonly string[]): Promise<WhatsNextClient> => {
  for (;;) {
    for (const url of urls) {
      const client = new WhatsNextClient({ baseUrl: url, timeoutMs: 10_000 });
      if (E.isRight(await client.health())) return client;
    }
    await sleep(200);
  }
};

/**
 * Submits the workload, starts the workers, disrupts the run as planned, waits until every job
 * settled (or the time ran out), stops the workers and accounts for every job.
 */
export const runChaos = async (plan: ChaosPlan): Promise<ChaosResult> => {
  const ranLog = join(plan.dir, 'ran.log');
  const lab = await createLab(await answeringClient(plan.urls), plan.name, {
    ranLog,
    ...(plan.commandTemplate ? { commandTemplate: plan.commandTemplate(ranLog) } : {}),
  });
  // Workers start first and wait for jobs, so that the run measures the queue, not their start-up.
  const fleet = new WorkerFleet({
    kind: plan.workerKind ?? 'loop',
    projectName: lab.projectName,
    projectId: lab.projectId,
    ranLog,
    ports: plan.workerPorts,
    workers: plan.workers,
    logDir: join(plan.dir, 'job-logs'),
    idPrefix: plan.name,
  });
  await fleet.ready();
  const cpuBefore: Record<string, number> = { ...plan.cpuProbe?.(), workers: fleet.pids().reduce((sum, pid) => sum + cpuSecondsOf(pid), 0) };
  const started = performance.now();
  const workload = await submitJobs(await answeringClient(plan.urls), lab, plan.jobs);
  const disruptions = plan.disruptions ?? 0;
  let done = 0;
  let counts: Record<string, number> = {};
  const deadline = Date.now() + plan.timeoutMs;
  while (Date.now() < deadline) {
    plan.onPoll?.(fleet);
    const client = await answeringClient(plan.urls);
    const stats = await client.stats(workload.projectId);
    if (E.isRight(stats)) {
      counts = stats.right.by_status;
      const completed = counts['COMPLETED'] ?? 0;
      const settled = completed + (counts['FAILED'] ?? 0) + (counts['BLOCKED'] ?? 0) + (counts['CANCELLED'] ?? 0);
      if (settled >= plan.jobs) break;
      if (done < disruptions && completed >= (plan.jobs * (done + 1)) / (disruptions + 1)) await plan.disrupt!(done++, fleet);
    }
    await sleep(250);
  }
  const seconds = secondsSince(started);
  const cpuAfter = { ...plan.cpuProbe?.(), workers: fleet.pids().reduce((sum, pid) => sum + cpuSecondsOf(pid), 0) };
  const cpuSeconds: Record<string, number> = {};
  for (const [component, after] of Object.entries(cpuAfter)) cpuSeconds[component] = Math.round((after - (cpuBefore[component] ?? 0)) * 10) / 10;
  await fleet.stop();
  const client = await answeringClient(plan.urls);
  const accounting = await account(client, workload, ranLog);
  const acknowledgements = acknowledgedCompletions(fleet.outputs());
  return {
    workload,
    accounting,
    seconds,
    fleet,
    counts,
    acknowledged: acknowledgements.size,
    cpuSeconds,
    acknowledgedTwice: [...acknowledgements].filter(([, count]) => count > 1).map(([id]) => id),
  };
};

/** One line per figure, for t.log and the docs. */
export const describeResult = (result: ChaosResult): string[] => {
  const { accounting: a } = result;
  return [
    `jobs ${a.jobs} (${result.workload.dagJobs} in DAGs of 10), completed ${a.completed}, not completed ${a.notCompleted.length}`,
    `executions: lost ${a.lost.length}, ran twice ${a.ranTwice.length} (${a.extraRuns} extra runs), DAG order violations ${a.orderViolations}`,
    `claimed more than once (attempts > 1): ${a.reclaimed}; completions acknowledged to workers: ${result.acknowledged}, twice: ${result.acknowledgedTwice.length}`,
    `duration ${result.seconds} s, ${Math.round((a.completed / result.seconds) * 10) / 10} jobs/s`,
  ];
};

/** What the workers said about some jobs (to tell how a job came to run twice). */
export const traceJobs = (result: ChaosResult, jobIds: readonly number[]): string[] => {
  const wanted = new Set(jobIds.slice(0, 5));
  const lines: string[] = [];
  result.fleet.outputs().forEach((output, worker) => {
    for (const line of output.split('\n')) {
      const id = Number(line.match(/job (\d+)/)?.[1]);
      if (wanted.has(id)) lines.push(`worker ${worker}: ${line}`);
    }
  });
  return lines;
};
