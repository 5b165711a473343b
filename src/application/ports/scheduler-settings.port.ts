/** Scheduling settings the composition root provides. */
export interface SchedulerSettings {
  /** Lease length for claims that ask for one (`WHATSNEXT_LEASE_SECONDS`). */
  readonly leaseSeconds: number;
}
export const SchedulerSettings = Symbol.for('whatsnext.SchedulerSettings');
