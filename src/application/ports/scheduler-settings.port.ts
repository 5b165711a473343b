/** Scheduling settings the composition root provides. */
export interface SchedulerSettings {
  /** Lease length for claims that ask for one (`WHATSNEXT_LEASE_SECONDS`). */
  readonly leaseSeconds: number;
  /**
   * How long a claim without a lease (`fetch_job` without `client_id`, or a status PUT to QUEUED,
   * whose caller sends no heartbeat) may stay QUEUED or RUNNING before it goes back to PENDING, as an expired lease does;
   * null: never (`WHATSNEXT_UNLEASED_CLAIM_SECONDS`, 0 there). Default `DEFAULT_UNLEASED_CLAIM_SECONDS`.
   */
  readonly unleasedClaimSeconds?: number | null;
}

/** A day: longer than any run of the original client we know of, short enough that a vanished caller's job comes back. */
export const DEFAULT_UNLEASED_CLAIM_SECONDS = 86_400;
/** The unleased-claim time the settings give, the default when they give none. */
export const unleasedClaimSecondsOf = (settings: SchedulerSettings): number | null =>
  settings.unleasedClaimSeconds === undefined ? DEFAULT_UNLEASED_CLAIM_SECONDS : settings.unleasedClaimSeconds;

export const SchedulerSettings = Symbol.for('whatsnext.SchedulerSettings');
