import type { JobStatus } from './job-status.js';
import { isLeaseExpiryReason } from './lease-expiry.js';
import type { StatusChange } from './status-change.js';
import type { TimeWindow } from './time-window.js';

/**
 * How a run ended: RUNNING while the worker still holds the job (QUEUED or RUNNING); FAILED also
 * when the job went back to PENDING to be retried; RELEASED when the worker gave it back unfinished.
 */
export const RUN_OUTCOMES = ['RUNNING', 'COMPLETED', 'FAILED', 'LEASE_EXPIRED', 'RELEASED', 'CANCELLED'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/** One attempt of a job: from its claim to the change that ended it. */
export interface Run {
  readonly jobId: number;
  readonly attempt: number;
  /** The lease owner that claimed it; null for a claim without a worker id. */
  readonly worker: string | null;
  readonly claimedAt: Date;
  /** When the worker reported the start; null while QUEUED, or when it never started. */
  readonly startedAt: Date | null;
  /** Null while it runs. */
  readonly finishedAt: Date | null;
  readonly outcome: RunOutcome;
}

/** What a job's runs are read from: its status history and where it stands now. */
export interface JobActivity {
  readonly id: number;
  readonly name: string;
  readonly taskId: number;
  readonly status: JobStatus;
  readonly startedAt: Date | null;
  /** Oldest first, as the store keeps it (the latest changes only). */
  readonly history: readonly StatusChange[];
}

const outcomeOf = (end: StatusChange): RunOutcome => {
  if (end.to === 'COMPLETED') return 'COMPLETED';
  if (end.to === 'CANCELLED') return 'CANCELLED';
  if (end.reason !== null && isLeaseExpiryReason(end.reason)) return 'LEASE_EXPIRED';
  // Back to PENDING without a reason: the worker released it; with one, a failure to retry.
  return end.to === 'PENDING' && end.reason === null ? 'RELEASED' : 'FAILED';
};

interface OpenRun {
  readonly claim: StatusChange;
  startedAt: Date | null;
}

/**
 * The job's runs, oldest first. A run opens at a claim (to QUEUED) and ends at the next change that
 * leaves QUEUED and RUNNING; a start and an end reported together are one change, so that run's
 * start is the job's `startedAt` when it was the last. A history cut short may begin inside a run:
 * that partial run is left out.
 */
export const runsOf = (activity: JobActivity): Run[] => {
  const runs: Run[] = [];
  let open: OpenRun | null = null;
  const close = (run: OpenRun, finishedAt: Date | null, outcome: RunOutcome) =>
    runs.push({ jobId: activity.id, attempt: run.claim.attempt, worker: run.claim.worker, claimedAt: run.claim.at, startedAt: run.startedAt, finishedAt, outcome });
  activity.history.forEach((change, index) => {
    if (change.to === 'QUEUED') {
      open = { claim: change, startedAt: null };
    } else if (open !== null && change.to === 'RUNNING') {
      open.startedAt = change.at;
    } else if (open !== null) {
      const last = index === activity.history.length - 1;
      if (open.startedAt === null && last && change.from === 'QUEUED' && change.to !== 'PENDING') open.startedAt = activity.startedAt;
      close(open, change.at, outcomeOf(change));
      open = null;
    }
  });
  const running = open as OpenRun | null;
  if (running !== null && (activity.status === 'QUEUED' || activity.status === 'RUNNING')) close(running, null, 'RUNNING');
  return runs;
};

/** The run held the job at some time in the window. */
export const overlaps = (run: Run, window: TimeWindow): boolean =>
  run.claimedAt.getTime() < window.until.getTime() && (run.finishedAt === null || run.finishedAt.getTime() >= window.since.getTime());

/** Newest first: by claim, then by job id (descending). */
export const newestFirst = (a: Run, b: Run): number => b.claimedAt.getTime() - a.claimedAt.getTime() || b.jobId - a.jobId;
