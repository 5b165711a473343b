import type * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import type { Job } from '../../domain/job.js';
import type { JobStatus } from '../../domain/job-status.js';
import type { Failure } from '../../domain/job-transitions.js';
import type { Fit } from '../../domain/offer-packing.js';
import type { Offer } from '../../domain/resources.js';
import type { Task } from '../../domain/task.js';
import type { WorkerIdentity } from '../../domain/worker.js';

/** What a worker needs of a claimed job and its task to run it (a remote server sends no more). */
export interface ClaimedJob {
  readonly job: Pick<Job, 'id' | 'name' | 'projectId' | 'taskId' | 'parameters' | 'priority' | 'requirements'>;
  readonly task: Pick<Task, 'id' | 'name' | 'commandTemplate' | 'requirements' | 'timeoutSeconds'>;
}

export interface WantedJobs {
  readonly offer: Offer;
  readonly limit: number;
  readonly fit: Fit;
}

/**
 * Where a worker gets its jobs and reports on them, for one worker id and project: in-process
 * (embedding) or over HTTP (a remote server). Reports on one job are applied in the order they are
 * made, even when the worker does not wait for one (the start) before making the next. A report
 * accepted answers the job's new status; refused, Left (LeaseLost, IllegalTransition after a
 * cancel); faults (the server is down) throw.
 */
export interface JobSource {
  register(identity: WorkerIdentity): Promise<void>;
  /**
   * Leased claims of up to `wanted.limit` next jobs that fit the offer (together, or each on its
   * own), in claim order, waiting up to `waitMs` for at least one; empty when none came.
   */
  claim(wanted: WantedJobs, waitMs: number, abort?: AbortSignal): Promise<readonly ClaimedJob[]>;
  /**
   * A claim like `claim`'s that does not wait and joins the starts and completions made before it
   * in this turn (or still waiting to go out): one request with them over HTTP, one transaction
   * after them in process, so that a dependent a completion just made ready can come back at once.
   * Made with no such report around it, it is a claim of its own.
   */
  claimWithReports(wanted: WantedJobs): Promise<readonly ClaimedJob[]>;
  start(jobId: number): Promise<E.Either<DomainError, JobStatus>>;
  complete(jobId: number): Promise<E.Either<DomainError, JobStatus>>;
  fail(jobId: number, failure: Failure): Promise<E.Either<DomainError, JobStatus>>;
  release(jobId: number): Promise<E.Either<DomainError, JobStatus>>;
  /** Renews this worker's leases; returns the ids of the jobs it still holds. */
  heartbeat(): Promise<readonly number[]>;
  deactivate(): Promise<void>;
}
export const JobSource = Symbol.for('whatsnext.JobSource');
