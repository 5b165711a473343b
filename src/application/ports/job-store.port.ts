import type { Job, NewJob } from '../../domain/job.js';
import type { JobStatus } from '../../domain/job-status.js';
import type { Claimant } from '../../domain/job-transitions.js';
import type { Fit } from '../../domain/offer-packing.js';
import type { Offer, Requirements } from '../../domain/resources.js';
import type { StatusChange } from '../../domain/status-change.js';

export interface JobFilter {
  readonly projectId: number | null;
  readonly taskId: number | null;
  readonly status: JobStatus | null;
  readonly limit: number;
  readonly offset: number;
}

export interface ClaimRequest {
  readonly projectId: number;
  readonly offer: Offer;
  /** For claimMany: the jobs fit the offer together (the default) or each on its own. */
  readonly fit?: Fit;
  readonly claimant: Claimant;
  readonly now: Date;
}

/** A lease holder's run of one job: it started, completed, or both (in that order). */
export interface HeldRun {
  readonly id: number;
  readonly owner: string;
  readonly start: boolean;
  readonly complete: boolean;
}

/** A job `advanceHeld` moved on. */
export interface AdvancedJob {
  readonly id: number;
  readonly projectId: number;
}

/** A stored job's id and name. */
export interface NamedJob {
  readonly id: number;
  readonly name: string;
}

export interface StatusCounts {
  readonly taskId: number;
  readonly status: JobStatus;
  readonly count: number;
}

/**
 * Jobs and their dependency edges. Every method runs inside the caller's transaction; the graph
 * operations are single statements on SQL stores.
 */
export interface JobStore {
  get(id: number): Promise<Job | null>;
  /** Like get, and locks the job until the transaction ends. */
  getForUpdate(id: number): Promise<Job | null>;
  /** Like getMany, and locks the jobs (in id order, so that concurrent callers cannot deadlock). */
  getManyForUpdate(ids: readonly number[]): Promise<Job[]>;
  /** Found jobs only, in id order. */
  getMany(ids: readonly number[]): Promise<Job[]>;
  /**
   * Like getMany, and no other transaction can change their state until this one ends (a shared
   * lock, taken in id order): what is derived from the dependencies' states (unmet counts,
   * blocking) then cannot race their completion or failure.
   */
  getManyForShare(ids: readonly number[]): Promise<Job[]>;
  /** Ordered by id. */
  list(filter: JobFilter): Promise<Job[]>;
  /** Inserts in order (ids ascending) with their dependency edges. */
  insert(jobs: readonly NewJob[]): Promise<Job[]>;
  /** Saves every field but the id; `dependencies` replaces the job's edges. */
  update(job: Job): Promise<void>;
  updateMany(jobs: readonly Job[]): Promise<void>;
  /**
   * Saves what a worker's report changes of each job — status, attempts, lease, exit code, failure
   * reason and timestamps — and leaves the rest (edges included) as stored: the lean update of the
   * run reports' hot path. Refuses jobs that do not exist.
   */
  saveProgress(jobs: readonly Job[]): Promise<void>;
  /**
   * The domain's `start` and then `complete`, as each run says, of the jobs whose lease the run's
   * owner holds and whose status is the one the first transition expects (QUEUED to start, RUNNING
   * to complete); one status change each, from the status before to the status after. Jobs in any
   * other state are left alone, for the caller to refuse with the domain's reasons. Returns the
   * jobs it moved on, ascending: the run reports' happy path, without reading the jobs first.
   */
  advanceHeld(runs: readonly HeldRun[], now: Date): Promise<AdvancedJob[]>;
  /** Deletes the jobs and their edges. */
  delete(ids: readonly number[]): Promise<void>;
  /** The project's jobs named one of `names` (exactly, case included), ascending by id. */
  named(projectId: number, names: readonly string[]): Promise<NamedJob[]>;
  /** Ids of every job matching the filter (null = any), ascending; no paging. */
  ids(filter: Omit<JobFilter, 'limit' | 'offset'>): Promise<number[]>;

  /**
   * Atomically claims the first ready PENDING job of the project that fits the offer, in claim
   * order (priority DESC, id ASC), applying the domain's `claim` transition. Never hands one job
   * to two callers.
   */
  claimNext(request: ClaimRequest): Promise<Job | null>;
  /**
   * Like claimNext for up to `limit` jobs that fit the offer together, or each on its own with
   * `fit: 'each'` (see `packInOrder`), in claim order; fewer when fewer are ready.
   */
  claimMany(request: ClaimRequest, limit: number): Promise<Job[]>;
  countPending(projectId: number): Promise<number>;

  /** Every job that depends on `id`, directly or transitively, in id order. */
  transitiveDependents(id: number): Promise<Job[]>;
  /** Ids of jobs outside `ids` that depend directly on one of them. */
  directDependentsOutside(ids: readonly number[]): Promise<number[]>;
  /**
   * The jobs `ids` COMPLETED: each direct dependent has one unmet dependency fewer per job it
   * waited on. Returns how many PENDING dependents became ready (none left unmet).
   */
  satisfyDependents(ids: readonly number[], now: Date): Promise<number>;
  /**
   * Every PENDING job depending, directly or transitively, on one of `roots` becomes BLOCKED
   * with `blockedBy` and `reason`. Returns their ids.
   */
  blockDependents(roots: readonly number[], blockedBy: number, reason: string, now: Date): Promise<number[]>;

  /** QUEUED/RUNNING jobs whose lease expired, locked; at most `limit`. */
  lockExpiredLeases(now: Date, limit: number): Promise<Job[]>;
  /**
   * Extends the expiring leases `owner` holds (a claim taken without a lease keeps no expiry);
   * returns the ids of every QUEUED/RUNNING job it holds, ascending.
   */
  renewLeases(owner: string, expiresAt: Date, now: Date): Promise<number[]>;
  /** A task's requirements changed: its PENDING and BLOCKED jobs follow. */
  applyTaskTerms(taskId: number, requirements: Requirements, maxAttempts: number, now: Date): Promise<void>;
  /** Job counts of a project by task and status. */
  countByTaskAndStatus(projectId: number): Promise<StatusCounts[]>;
  /**
   * The job's status changes, oldest first (the latest `STATUS_HISTORY_LIMIT`), as every save
   * that changed its status recorded them (see `statusChange`); null when there is no such job.
   */
  history(jobId: number): Promise<StatusChange[] | null>;
}
