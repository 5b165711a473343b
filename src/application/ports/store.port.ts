import type * as E from 'fp-ts/lib/Either.js';
import type { Job } from '../../domain/job.js';
import type { Task } from '../../domain/task.js';
import type { ClaimRequest, JobStore } from './job-store.port.js';
import type { ProjectStore } from './project-store.port.js';
import type { TaskStore } from './task-store.port.js';
import type { WorkerStore } from './worker-store.port.js';

/** The stores as seen inside one transaction. */
export interface StoreTransaction {
  readonly projects: ProjectStore;
  readonly tasks: TaskStore;
  readonly jobs: JobStore;
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
   * Claims up to `limit` ready jobs that fit (`JobStore.claimMany`), each with its task, as one
   * atomic step of its own: where the database can do it in one statement, without a transaction
   * around it, so that a claim costs one round trip. An unknown project claims nothing (and is not found).
   */
  claim(request: ClaimRequest, limit: number, countPending: boolean): Promise<ClaimedJobs>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
export const Store = Symbol.for('whatsnext.Store');
