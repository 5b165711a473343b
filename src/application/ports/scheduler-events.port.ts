/** How a run (RUNNING until its worker reported its end) ended. */
export type RunOutcome = 'completed' | 'failed';

/** A run a worker reported finished: its job's task and how long it ran (started to finished). */
export interface EndedRun {
  readonly taskId: number;
  readonly outcome: RunOutcome;
  readonly seconds: number;
}

/** What sent a job back to PENDING for another attempt: its own failure (the task retries on failure), or a person. */
export type RetryCause = 'failure' | 'request';

/** Where an expired lease left its job: back in the queue, or FAILED with its attempts used up. */
export type ExpiryOutcome = 'requeued' | 'failed';

/**
 * What the scheduler tells an observer as it works (for metrics): called after the change
 * committed, never inside a transaction; an observer must return at once and never throw.
 */
export interface SchedulerEvents {
  /** A claim answered: `seconds` spent claiming (waits of a long poll left out), `jobs` handed out. */
  claimed(seconds: number, jobs: number): void;
  runsEnded(runs: readonly EndedRun[]): void;
  leasesExpired(outcomes: readonly ExpiryOutcome[]): void;
  jobRetried(cause: RetryCause): void;
}
export const SchedulerEvents = Symbol.for('whatsnext.SchedulerEvents');

/** The default observer: nobody listens. */
export const QUIET_SCHEDULER_EVENTS: SchedulerEvents = {
  claimed: () => {},
  runsEnded: () => {},
  leasesExpired: () => {},
  jobRetried: () => {},
};
