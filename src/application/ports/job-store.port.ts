import type { Job, NewJob } from '../../domain/job.js';
import type { JobStatus } from '../../domain/job-status.js';
import type { Requirements } from '../../domain/resources.js';
import type { JobActivity } from '../../domain/run.js';
import type { StatusChange } from '../../domain/status-change.js';
import type { TimeWindow } from '../../domain/time-window.js';

/** Which jobs: null matches any. */
export interface JobSelection {
  readonly projectId: number | null;
  readonly taskId: number | null;
  readonly status: JobStatus | null;
}

/** A page of the selected jobs in id order: those after `afterId` (a key: no row before it is read), then `offset` more skipped. */
export interface JobFilter extends JobSelection {
  readonly afterId?: number | null;
  readonly limit: number;
  readonly offset: number;
}

/** A stored job's id and name. */
export interface NamedJob {
  readonly id: number;
  readonly name: string;
}

/** How many job dependencies lead from jobs of `taskId` to jobs of `dependsOnTaskId` (the same task included). */
export interface TaskDependencyCount {
  readonly taskId: number;
  readonly dependsOnTaskId: number;
  readonly count: number;
}

/** A dependency edge (`jobId` waits for `dependsOnId`) with the tasks of its two ends. */
export interface TaskedEdge {
  readonly jobId: number;
  readonly jobTaskId: number;
  readonly dependsOnId: number;
  readonly dependsOnTaskId: number;
}

/** Jobs that finished (COMPLETED and FAILED) in one UTC minute. */
export interface FinishedInMinute {
  /** The minute's start. */
  readonly minute: Date;
  readonly completed: number;
  readonly failed: number;
}

/** Run times (finish minus start, in milliseconds) of one task's jobs that finished having started. */
export interface TaskRunTimes {
  readonly taskId: number;
  readonly runs: number;
  /** The median, interpolated between the two middle runs when they are even (rounded to the millisecond). */
  readonly p50Ms: number;
  /** Rounded to the millisecond. */
  readonly meanMs: number;
  readonly maxMs: number;
}

/** What finished in a window: counts by minute (minutes without any left out) and run times by task. */
export interface FinishedFigures {
  /** Oldest first. */
  readonly minutes: readonly FinishedInMinute[];
  /** By task id. */
  readonly tasks: readonly TaskRunTimes[];
}

/**
 * Jobs and their dependency edges (the DAG): read, write, walk. Every method runs inside the caller's
 * transaction; the graph operations are single statements on SQL stores. The hot path of claims and
 * run reports is the `Queue`'s.
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
  /** Deletes the jobs and their edges. */
  delete(ids: readonly number[]): Promise<void>;
  /**
   * Of the jobs `ids`, deletes with their edges the COMPLETED ones whose retention (domain
   * `effectiveRetention` of their project's and their task's) is RemoveOnComplete; returns their
   * ids, ascending. Callers satisfy the jobs' dependents first.
   */
  removeOnComplete(ids: readonly number[]): Promise<number[]>;
  /**
   * Deletes, with their edges, up to `limit` jobs in `SWEPT_STATUSES` whose retention is KeepFor
   * and that finished at least that long before `now`; not a FAILED or CANCELLED job that a PENDING
   * or BLOCKED job waits for (a retry of it would let that job run), nor jobs another transaction
   * holds locked (they wait for the next sweep). Returns their ids, ascending.
   */
  sweepExpired(now: Date, limit: number): Promise<number[]>;
  /** The project's jobs named one of `names` (exactly, case included), ascending by id; none for no names, without a query. */
  named(projectId: number, names: readonly string[]): Promise<NamedJob[]>;
  /** Ids of every job matching the filter (null = any), ascending; no paging. */
  ids(filter: JobSelection): Promise<number[]>;

  /** Every job that depends on `id`, directly or transitively, in id order. */
  transitiveDependents(id: number): Promise<Job[]>;
  /** Ids of jobs outside `ids` that depend directly on one of them. */
  directDependentsOutside(ids: readonly number[]): Promise<number[]>;
  /**
   * The project's edges counted by the tasks of their ends, by task id then dependsOnTaskId; none
   * of zero (the condensed DAG). The SQL stores keep these counts as edges are written, so the
   * cost is the project's pairs of tasks, not its edges.
   */
  countDependenciesByTask(projectId: number): Promise<TaskDependencyCount[]>;
  /** Every edge with one end or both among `ids`, with the tasks of its ends, by jobId then dependsOnId. */
  edgesTouching(ids: readonly number[]): Promise<TaskedEdge[]>;
  /**
   * Ids of the jobs linked to job `id` through dependencies either way, itself first, then nearest
   * first (breadth first), at most `limit`; none when there is no such job.
   */
  connected(id: number, limit: number): Promise<number[]>;
  /**
   * The jobs `ids` COMPLETED: each direct dependent has one unmet dependency fewer per job it
   * waited on. Returns the ids of the PENDING dependents that became ready (none left unmet), ascending.
   */
  satisfyDependents(ids: readonly number[], now: Date): Promise<number[]>;
  /**
   * Every PENDING job depending, directly or transitively, on one of `roots` becomes BLOCKED
   * with `blockedBy` and `reason`. Returns their ids.
   */
  blockDependents(roots: readonly number[], blockedBy: number, reason: string, now: Date): Promise<number[]>;

  /** A task's requirements changed: its jobs not yet claimed (PENDING and BLOCKED) take them. */
  updateUnclaimedJobsOfTask(taskId: number, requirements: Requirements, maxAttempts: number, now: Date): Promise<void>;
  /**
   * The job's status changes, oldest first (the latest `STATUS_HISTORY_LIMIT`), as every save
   * that changed its status recorded them (see `statusChange`); null when there is no such job.
   */
  history(jobId: number): Promise<StatusChange[] | null>;

  /**
   * The project's jobs that may have run in the window, with their histories: those with a status
   * change recorded that changed at or after `since`, or hold a claim (QUEUED, RUNNING) however old
   * their last change, and were created before `until`. Most recently changed first (then id
   * descending), at most `limit`. SQL stores read them by index, never the whole project.
   */
  activeInWindow(projectId: number, window: TimeWindow, limit: number): Promise<JobActivity[]>;
  /**
   * The project's COMPLETED and FAILED jobs whose `finishedAt` lies in the window: counted by UTC
   * minute, and the run times of those with a `startedAt` by task. SQL stores read the window's jobs
   * by index, never the whole project.
   */
  finishedInWindow(projectId: number, window: TimeWindow): Promise<FinishedFigures>;
}
