import type { Job } from './job.js';
import type { JobStatus } from './job-status.js';

/**
 * One entry of a job's status history: the job went `from` one status `to` another `at` that
 * time. Its creation is no entry: `createdAt`, and the first entry's `from` (or the current status
 * when there is none), tell how it began.
 */
export interface StatusChange {
  readonly from: JobStatus;
  readonly to: JobStatus;
  readonly at: Date;
  /** The lease owner involved (the new one on a claim, the one letting go otherwise), if any. */
  readonly worker: string | null;
  /** The job's attempt count after the change. */
  readonly attempt: number;
  /** Why the attempt failed (first line of the failure reason), on failures only. */
  readonly reason: string | null;
}

/** A job keeps only its latest changes: the history is rewritten with the row on every change. */
export const STATUS_HISTORY_LIMIT = 100;

/** A reason's first line (the worker appends its log tail after a newline), in at most this many characters. */
export const STATUS_REASON_LIMIT = 500;

const CLAIMED: readonly JobStatus[] = ['QUEUED', 'RUNNING'];

/**
 * A run that failed: the job ended FAILED, or went back to PENDING from a claim while keeping the
 * attempt it used (retry on failure, an expired lease). A worker's release gives the attempt back
 * and is no failure.
 */
const failedAttempt = (before: Job, after: Job): boolean =>
  after.status === 'FAILED' || (after.status === 'PENDING' && CLAIMED.includes(before.status) && after.attempts === before.attempts);

/** Counted in code points, as PostgreSQL's `left` counts characters. */
const reasonSummary = (reason: string): string => Array.from(reason.split('\n', 1)[0]!).slice(0, STATUS_REASON_LIMIT).join('');

/**
 * The change a saved job records, or null when its status stayed. The SQL stores derive the same
 * entry in SQL (whatsnext_status_history, in the baseline migration); the store contract checks
 * they agree.
 */
export const statusChange = (before: Job, after: Job): StatusChange | null => {
  if (before.status === after.status) return null;
  return {
    from: before.status,
    to: after.status,
    at: after.updatedAt,
    worker: after.lease?.owner ?? before.lease?.owner ?? null,
    attempt: after.attempts,
    reason: failedAttempt(before, after) && after.failureReason !== null ? reasonSummary(after.failureReason) : null,
  };
};

/** The history with `change` appended, its oldest entries dropped beyond the limit. */
export const withStatusChange = (history: readonly StatusChange[], change: StatusChange): readonly StatusChange[] =>
  [...history, change].slice(-STATUS_HISTORY_LIMIT);
