import type { Job } from '../../domain/job.js';
import type { JobStatus } from '../../domain/job-status.js';
import type { Claimant } from '../../domain/job-transitions.js';
import type { Fit } from '../../domain/offer-packing.js';
import type { Offer, Requirements } from '../../domain/resources.js';

export interface ClaimRequest {
  readonly projectId: number;
  readonly offer: Offer;
  /** For a claim of several: the jobs fit the offer together (the default) or each on its own. */
  readonly fit?: Fit;
  readonly claimant: Claimant;
  readonly now: Date;
}

/** A lease holder's run of one job, as its worker reports it: it started, completed, or both (in that order). */
export interface LeasedRun {
  readonly id: number;
  readonly owner: string;
  readonly start: boolean;
  readonly complete: boolean;
}

/** A job `advanceLeasedRuns` moved on. */
export interface AdvancedRun {
  readonly id: number;
  readonly projectId: number;
  readonly taskId: number;
  /** When the run started, as the job now stands. */
  readonly startedAt: Date | null;
  /** Completed, with a retention that removes it: removeOnComplete's to delete. */
  readonly awaitsRemoval: boolean;
}

export interface StatusCounts {
  readonly taskId: number;
  readonly status: JobStatus;
  readonly count: number;
}

/** A count of `countAllByTaskAndStatus`: with its project and the names of both. */
export interface NamedStatusCounts extends StatusCounts {
  readonly projectId: number;
  readonly projectName: string;
  readonly taskName: string;
}

/** What the claimed (QUEUED/RUNNING) jobs whose lease `owner` holds require, summed. */
export interface HeldResources {
  readonly owner: string;
  readonly jobs: number;
  readonly requirements: Requirements;
}

/**
 * The queue's hot path, as workers drive it (see the glossary in store.port.ts): claim ready jobs,
 * carry their runs' reports, renew and rescue leases, count. Every method runs inside the caller's
 * transaction and applies the domain's transitions (job-transitions.ts) to the rows it changes.
 */
export interface Queue {
  /**
   * Atomically claims up to `limit` ready PENDING jobs of the project that fit the offer together
   * (or each on its own with `fit: 'each'`, see `packInOrder`), in claim order (priority DESC, id
   * ASC), applying the domain's `claim`; fewer when fewer are ready. Never hands one job to two callers.
   */
  claim(request: ClaimRequest, limit: number): Promise<Job[]>;
  /** The project's PENDING jobs, ready or not. */
  countPending(projectId: number): Promise<number>;
  /** Job counts of a project by task and status, in that order (task id, then status); none of zero. */
  countByTaskAndStatus(projectId: number): Promise<StatusCounts[]>;
  /**
   * Every project's job counts by task and status, by project id, task id, then status; none of
   * zero. From the counts the store keeps: the cost is the tasks, not the jobs.
   */
  countAllByTaskAndStatus(): Promise<NamedStatusCounts[]>;
  /** What each of `owners` holds, by owner; none for an owner that holds no job. Its cost is the jobs in flight. */
  heldBy(owners: readonly string[]): Promise<HeldResources[]>;
  /**
   * The domain's `start` and then `complete`, as each run says, of the jobs whose lease the run's
   * owner holds and whose status is the one the first transition expects (QUEUED to start, RUNNING
   * to complete); one status change each, from the status before to the status after. Jobs in any
   * other state are left alone, for the caller to refuse with the domain's reasons. Returns the
   * jobs it moved on, ascending: the run reports' happy path, without reading the jobs first.
   */
  advanceLeasedRuns(runs: readonly LeasedRun[], now: Date): Promise<AdvancedRun[]>;
  /**
   * Saves what a worker's report changes of each job — status, attempts, lease, exit code, failure
   * reason and timestamps — and leaves the rest (edges included) as stored: the lean update of the
   * run reports' other path. Refuses jobs that do not exist.
   */
  saveProgress(jobs: readonly Job[]): Promise<void>;
  /**
   * Extends the expiring leases `owner` holds (a claim taken without a lease keeps no expiry);
   * returns the ids of every QUEUED/RUNNING job it holds, ascending.
   */
  renewLeases(owner: string, expiresAt: Date, now: Date): Promise<number[]>;
  /** QUEUED/RUNNING jobs whose lease expired, locked (skipping those another caller holds); at most `limit`. */
  lockExpiredLeases(now: Date, limit: number): Promise<Job[]>;
}
