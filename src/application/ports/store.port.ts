import type * as E from 'fp-ts/lib/Either.js';
import type { JobStore } from './job-store.port.js';
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

/**
 * The persistence port. Work runs in one transaction: committed when it returns Right, rolled
 * back when it returns Left or throws (faults propagate).
 */
export interface Store {
  transaction<E, A>(work: (tx: StoreTransaction) => Promise<E.Either<E, A>>): Promise<E.Either<E, A>>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
export const Store = Symbol.for('whatsnext.Store');
