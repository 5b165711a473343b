/** How a worker runs: its capacity, how many jobs at once, and its timings. */
export interface WorkerSettings {
  readonly cpu: number;
  readonly accelerators: number;
  /** Memory to pack jobs into; null when the worker does not account for memory. */
  readonly memoryMb: number | null;
  /** At most this many jobs at once, whatever the capacity. */
  readonly concurrency: number;
  /**
   * Jobs claimed ahead of free slots, held (leased, QUEUED) to start the moment a slot frees up:
   * fewer round trips for many short jobs, but other workers cannot take the jobs held. 0 claims
   * only for free slots.
   */
  readonly prefetch: number;
  /** How long one claim waits (long-poll) for a job before asking again. */
  readonly pollIntervalMs: number;
  /** Heartbeats renew leases; a third of the lease by default. */
  readonly heartbeatIntervalMs: number;
  /** Run at most one job, then stop. */
  readonly once: boolean;
  /** On shutdown, running jobs may finish within this long before they are stopped and released. */
  readonly shutdownGraceMs: number;
  /** After a stop request, a job gets this long to exit before it is killed (executors use it). */
  readonly killGraceMs: number;
}

export const DEFAULT_WORKER_SETTINGS: WorkerSettings = {
  cpu: 1,
  accelerators: 0,
  memoryMb: null,
  concurrency: 1,
  prefetch: 0,
  pollIntervalMs: 5_000,
  heartbeatIntervalMs: 20_000,
  once: false,
  shutdownGraceMs: 30_000,
  killGraceMs: 5_000,
};

/** Heartbeats every third of the lease, so that one late or lost heartbeat never costs a lease. */
export const heartbeatIntervalFor = (leaseMs: number | null): number =>
  leaseMs === null ? DEFAULT_WORKER_SETTINGS.heartbeatIntervalMs : Math.max(100, Math.floor(leaseMs / 3));
