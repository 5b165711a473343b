import * as E from 'fp-ts/lib/Either.js';
import { waitTimedOut, type SdkError } from './sdk-error.js';

/** What waiting needs of a job (the SDK's Job; kept apart so that Job can wait without a cycle). */
export interface Watched {
  readonly id: number;
  readonly status: string;
  readonly settled: boolean;
}

export type ReadJob<J extends Watched> = (id: number) => Promise<E.Either<SdkError, J>>;

export interface WaitOptions<J extends Watched = Watched> {
  /** Give up after this long with a `WaitTimedOut` (default: wait as long as it takes). */
  readonly timeoutMs?: number;
  /** How often the server is asked (default 250 ms). */
  readonly pollMs?: number;
  /** Called with a job each time it is seen in a new status (the first sighting included): a watch. */
  readonly onChange?: (job: J) => void;
}

/** At most this many job reads in flight at once: waiting on a big DAG must not flood the server. */
const READS_AT_ONCE = 16;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const readAll = async <J extends Watched>(read: ReadJob<J>, ids: readonly number[]): Promise<E.Either<SdkError, J[]>> => {
  const jobs: J[] = [];
  for (let start = 0; start < ids.length; start += READS_AT_ONCE) {
    const batch = await Promise.all(ids.slice(start, start + READS_AT_ONCE).map(read));
    for (const job of batch) {
      if (E.isLeft(job)) return job;
      jobs.push(job.right);
    }
  }
  return E.right(jobs);
};

/**
 * Polls the jobs until every one has settled, in the order of `jobIds`. A settled job stays
 * settled unless a person acts, so only the others are read again. An unknown job or an
 * unreachable server ends the wait with that error.
 */
export const waitForJobs = async <J extends Watched>(read: ReadJob<J>, jobIds: readonly number[], options: WaitOptions<J> = {}): Promise<E.Either<SdkError, J[]>> => {
  const deadline = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
  const latest = new Map<number, J>();
  for (;;) {
    const open = [...new Set(jobIds)].filter((id) => !latest.get(id)?.settled);
    const fresh = await readAll(read, open);
    if (E.isLeft(fresh)) return fresh;
    for (const job of fresh.right) {
      if (latest.get(job.id)?.status !== job.status) options.onChange?.(job);
      latest.set(job.id, job);
    }
    const waiting = [...latest.values()].filter((job) => !job.settled);
    if (waiting.length === 0) return E.right(jobIds.map((id) => latest.get(id)!));
    if (Date.now() >= deadline) {
      return E.left(waitTimedOut(jobIds, options.timeoutMs!, waiting.map((job) => `job ${job.id} ${job.status}`).join(', ')));
    }
    await sleep(Math.max(0, Math.min(options.pollMs ?? 250, deadline - Date.now())));
  }
};
