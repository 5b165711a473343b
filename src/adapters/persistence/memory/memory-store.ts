import * as E from 'fp-ts/lib/Either.js';
import type { ClaimRequest } from '../../../application/ports/queue.port.js';
import type { ClaimedJobs, Store, StoreTransaction } from '../../../application/ports/store.port.js';
import { claimInTransaction } from '../claim-in-transaction.js';
import { AsyncMutex } from './async-mutex.js';
import { MemoryJobStore } from './memory-job-store.js';
import { MemoryProjectStore } from './memory-project-store.js';
import { MemoryQueue } from './memory-queue.js';
import { MemoryTables } from './memory-tables.js';
import { MemoryTaskStore } from './memory-task-store.js';
import { MemoryWorkerStore } from './memory-worker-store.js';
import { UndoLog } from './undo-log.js';

/**
 * The whole store in process memory, for tests and throwaway embedding. Transactions run one at
 * a time (serializable by construction); each logs the inverse of its changes and replays them
 * when its work returns Left or throws. Do not open a transaction inside another: it would wait
 * for itself.
 */
export class MemoryStore implements Store {
  private readonly tables = new MemoryTables();
  private readonly mutex = new AsyncMutex();
  private closed = false;

  async transaction<L, A>(work: (tx: StoreTransaction) => Promise<E.Either<L, A>>): Promise<E.Either<L, A>> {
    this.assertOpen();
    return this.mutex.run(async () => {
      const log = new UndoLog();
      const tx: StoreTransaction = {
        projects: new MemoryProjectStore(this.tables, log),
        tasks: new MemoryTaskStore(this.tables, log),
        jobs: new MemoryJobStore(this.tables, log),
        queue: new MemoryQueue(this.tables, log),
        workers: new MemoryWorkerStore(this.tables, log),
      };
      try {
        const result = await work(tx);
        if (E.isLeft(result)) log.rollback();
        return result;
      } catch (fault) {
        log.rollback();
        throw fault;
      } finally {
        log.end();
      }
    });
  }

  /** A transaction: here it costs no more than its calls. */
  autocommit<L, A>(work: (tx: StoreTransaction) => Promise<E.Either<L, A>>): Promise<E.Either<L, A>> {
    return this.transaction(work);
  }

  /** One transaction: here every transaction is as cheap as a statement. */
  claim(request: ClaimRequest, limit: number, countPending: boolean): Promise<ClaimedJobs> {
    return claimInTransaction(this, request, limit, countPending);
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  /** Waits for the transactions already started; later ones are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await this.mutex.run(async () => undefined);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The memory store is closed.');
  }
}
