import { scratchDatabase } from '../support/scratch-database.js';
import { percentile } from '../support/stats.js';
import { nowMs, type Contender, type OpenQueue, type Payload } from './contender.js';

export interface PeerSizes {
  readonly bulkJobs: number;
  readonly drainJobs: number;
  readonly drainWorkers: number;
  readonly wakeUpJobs: number;
  readonly wakeUpEveryMs: number;
  /** Rounds per queue; each figure is their median. */
  readonly repetitions: number;
}

export interface PeerFigures {
  readonly bulkJobsPerSecond: number;
  readonly drainJobsPerSecond: number;
  readonly wakeUpP50Ms: number;
  readonly wakeUpP99Ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const payloads = (count: number): Payload[] => Array.from({ length: count }, (_, i) => ({ i, t: nowMs() }));

/** Each measure on a database of its own, opened fresh: no contender inherits another's state. */
const onFreshQueue = async <A>(adminUrl: string, contender: Contender, measure: (queue: OpenQueue) => Promise<A>): Promise<A> => {
  const database = await scratchDatabase(adminUrl, 'wn_peers');
  try {
    const queue = await contender.open(database.url);
    try {
      return await measure(queue);
    } finally {
      await queue.close();
    }
  } finally {
    await sleep(200);
    await database.drop();
  }
};

const bulkEnqueue = (count: number) => async (queue: OpenQueue): Promise<number> => {
  const jobs = payloads(count);
  const started = performance.now();
  await queue.enqueueMany(jobs);
  return count / ((performance.now() - started) / 1000);
};

/** From the workers' start until the database records every job done. */
const drain = (count: number, workers: number) => async (queue: OpenQueue): Promise<number> => {
  await queue.enqueueMany(payloads(count));
  let ran = 0;
  const started = performance.now();
  const running = await queue.startWorkers(workers, () => void ran++);
  while (ran < count) await sleep(2);
  while ((await queue.unfinished()) > 0) await sleep(5);
  const seconds = (performance.now() - started) / 1000;
  await running.stop();
  return count / seconds;
};

/** An idle worker; jobs added one every `everyMs`; from each enqueue call to its handler's start. */
const wakeUp = (count: number, everyMs: number) => async (queue: OpenQueue): Promise<number[]> => {
  const latencies: number[] = [];
  const running = await queue.startWorkers(1, (payload) => void latencies.push(nowMs() - payload.t));
  await sleep(1_000);
  const origin = performance.now();
  for (let i = 0; i < count; i++) {
    const due = origin + i * everyMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    await queue.enqueueOne({ i, t: nowMs() });
  }
  const deadline = performance.now() + 30_000;
  while (latencies.length < count && performance.now() < deadline) await sleep(5);
  await running.stop();
  if (latencies.length < count) throw new Error(`only ${latencies.length} of ${count} jobs started`);
  return latencies;
};

/** One round of the three peer measures, each on a fresh database. */
export const measureRound = async (adminUrl: string, contender: Contender, sizes: PeerSizes): Promise<PeerFigures> => {
  const bulkJobsPerSecond = await onFreshQueue(adminUrl, contender, bulkEnqueue(sizes.bulkJobs));
  const drainJobsPerSecond = await onFreshQueue(adminUrl, contender, drain(sizes.drainJobs, sizes.drainWorkers));
  const latencies = await onFreshQueue(adminUrl, contender, wakeUp(sizes.wakeUpJobs, sizes.wakeUpEveryMs));
  return { bulkJobsPerSecond, drainJobsPerSecond, wakeUpP50Ms: percentile(latencies, 50), wakeUpP99Ms: percentile(latencies, 99) };
};
