import type * as E from 'fp-ts/lib/Either.js';
import type { Job } from '../../domain/job.js';
import type { Task } from '../../domain/task.js';
import type { JobStore } from './job-store.port.js';
import type { ProjectStore } from './project-store.port.js';
import type { ClaimRequest, Queue } from './queue.port.js';
import type { TaskStore } from './task-store.port.js';
import type { WorkerStore } from './worker-store.port.js';

/*
 * Glossary of the persistence ports (the words mean the same in the domain and the adapters):
 *
 * - job states: PENDING (waiting: for its dependencies, or for a worker), QUEUED (claimed by a
 *   worker, not yet started), RUNNING, COMPLETED, FAILED, BLOCKED (a dependency failed or was
 *   cancelled), CANCELLED. "The queue" of a project is its PENDING jobs in claim order; a QUEUED
 *   job has left it.
 * - ready: PENDING with every dependency COMPLETED (no unmet dependency): claimable.
 * - claim: a worker takes ready jobs (PENDING → QUEUED), in claim order: priority DESC, then id.
 * - lease: a claim's hold on a job, with an owner and maybe an expiry that heartbeats renew; an
 *   expired lease is rescued: the job goes back to PENDING (or FAILED, out of attempts).
 * - run: one attempt of a claimed job by its lease owner; its reports (start, complete, fail)
 *   advance the job.
 * - worker: what runs jobs; the REST API, like the original, calls it a client (`/clients`,
 *   `client_id`). Inside, worker means the same thing everywhere.
 * - dependents / dependencies: the jobs waiting on a job / the jobs a job waits on (the DAG's edges).
 * - unclaimed jobs of a task: its PENDING and BLOCKED jobs, which take the task's new requirements.
 * - return to PENDING: a FAILED, CANCELLED or BLOCKED job retried or unblocked.
 */

/** The stores as seen inside one transaction. */
export interface StoreTransaction {
  readonly projects: ProjectStore;
  readonly tasks: TaskStore;
  /** Jobs and the DAG: CRUD and graph walks. */
  readonly jobs: JobStore;
  /** The hot path of claims, run reports and leases. */
  readonly queue: Queue;
  readonly workers: WorkerStore;
}

export interface ClaimedJobAndTask {
  readonly job: Job;
  readonly task: Task;
}

/** What a claim hands out. */
export interface ClaimedJobs {
  /** In claim order; empty when nothing fits. */
  readonly claimed: readonly ClaimedJobAndTask[];
  /** The project's PENDING jobs before the claim (the claimed ones included), when asked for; else null. */
  readonly pending: number | null;
  /** Whether the project exists: only an empty claim needs it, to tell "unknown project" from "nothing to do". */
  readonly projectFound: boolean;
}

/**
 * The persistence port. Work runs in one transaction: committed when it returns Right, rolled
 * back when it returns Left or throws (faults propagate).
 */
export interface Store {
  transaction<E, A>(work: (tx: StoreTransaction) => Promise<E.Either<E, A>>): Promise<E.Either<E, A>>;
  /**
   * Like `transaction`, for work that takes no locks and writes at most once: each store call is
   * atomic on its own (one that writes several statements runs them in a transaction of its own),
   * so that a lone write costs no BEGIN and COMMIT. Calls already made may stay after a Left or
   * a fault: it suits work whose refusals all come before its write.
   */
  autocommit<E, A>(work: (tx: StoreTransaction) => Promise<E.Either<E, A>>): Promise<E.Either<E, A>>;
  /**
   * Claims up to `limit` ready jobs that fit (`Queue.claim`), each with its task, as one
   * atomic step of its own: where the database can do it in one statement, without a transaction
   * around it, so that a claim costs one round trip. An unknown project claims nothing (and is not found).
   */
  claim(request: ClaimRequest, limit: number, countPending: boolean): Promise<ClaimedJobs>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
export const Store = Symbol.for('whatsnext.Store');
