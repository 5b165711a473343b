import type { SqlEntityManager } from '@mikro-orm/postgresql';
import * as E from 'fp-ts/lib/Either.js';
import type { ClaimRequest } from '../../../application/ports/queue.port.js';
import type { ClaimedJobs, Store, StoreTransaction } from '../../../application/ports/store.port.js';
import { claimInTransaction } from '../claim-in-transaction.js';
import type { OpenedOrm } from './database-config.js';
import { withDriverConnection } from './driver-connection.js';
import { KnownTasks, StaleTasks } from './known-tasks.js';
import { MikroOrmJobStore } from './mikro-orm-job-store.js';
import { MikroOrmProjectStore } from './mikro-orm-project-store.js';
import { MikroOrmQueue } from './mikro-orm-queue.js';
import { MikroOrmTaskStore } from './mikro-orm-task-store.js';
import { MikroOrmWorkerStore } from './mikro-orm-worker-store.js';
import { TaskSightings } from './task-sightings.js';
import { CallQueue, oneCallAtATime } from './one-call-at-a-time.js';
import { TransactionSql } from './transaction-sql.js';

/**
 * The store on PostgreSQL or PGlite. Each transaction borrows a connection of MikroORM's pool and
 * runs at READ COMMITTED: correctness under concurrency comes from row locks (FOR UPDATE, SKIP
 * LOCKED), not from serializable retries. MikroORM keeps the schema (migrations) and the pool.
 */
export class MikroOrmStore implements Store {
  private readonly running = new Set<Promise<unknown>>();
  private readonly knownTasks = new KnownTasks();
  private closing: Promise<void> | undefined;

  constructor(private readonly opened: OpenedOrm) {}

  get orm() {
    return this.opened.orm;
  }

  transaction<Err, A>(work: (tx: StoreTransaction) => Promise<E.Either<Err, A>>): Promise<E.Either<Err, A>> {
    return this.track(() => this.run(work, true));
  }

  /**
   * Each statement commits on its own; a store call of several statements opens a transaction of
   * its own. Tasks may come from those this store knows, unread: a write relying on one that has
   * changed since writes nothing, and the work runs again with fresh reads.
   */
  autocommit<Err, A>(work: (tx: StoreTransaction) => Promise<E.Either<Err, A>>): Promise<E.Either<Err, A>> {
    return this.track(async () => {
      try {
        return await this.run(work, false);
      } catch (error) {
        if (!(error instanceof StaleTasks)) throw error;
        for (const id of error.taskIds) this.knownTasks.forget(id);
        return this.run(work, false);
      }
    });
  }

  /**
   * Jobs that each fit on their own (or a single job) are claimed by one statement, which
   * PostgreSQL runs atomically without BEGIN and COMMIT around it: one round trip instead of
   * three. Jobs that must fit together are chosen between two statements, in a transaction.
   */
  async claim(request: ClaimRequest, limit: number, countPending: boolean): Promise<ClaimedJobs> {
    if (request.fit === 'together' && limit > 1) return claimInTransaction(this, request, limit, countPending);
    return this.track(() =>
      withDriverConnection((this.opened.orm.em as SqlEntityManager).getKnex(), async (connection) => {
        const tasksSeen = new TaskSightings();
        const { jobs, pending, projectFound } = await new MikroOrmQueue(new TransactionSql(connection), tasksSeen).claimInOneStatement(
          request,
          limit,
          countPending,
        );
        const claimed = jobs.map((job) => {
          const task = tasksSeen.get(job.taskId);
          if (task === undefined) throw new Error(`job ${job.id} refers to task ${job.taskId}, which does not exist`);
          return { job, task };
        });
        return { claimed, pending, projectFound };
      }),
    );
  }

  /** Runs `work` unless the store is closing, and lets `close()` wait for it. */
  private async track<A>(work: () => Promise<A>): Promise<A> {
    if (this.closing !== undefined) throw new Error('The store is closed.');
    const running = work();
    this.running.add(running);
    try {
      return await running;
    } finally {
      this.running.delete(running);
    }
  }

  private run<Err, A>(work: (tx: StoreTransaction) => Promise<E.Either<Err, A>>, inTransaction: boolean): Promise<E.Either<Err, A>> {
    return withDriverConnection((this.opened.orm.em as SqlEntityManager).getKnex(), async (connection) => {
      // BEGIN travels with the first statement; work that runs none opens no transaction.
      const sql = new TransactionSql(connection, inTransaction);
      let result: E.Either<Err, A>;
      try {
        const calls = new CallQueue();
        const tasksSeen = new TaskSightings();
        result = await work({
          projects: oneCallAtATime(new MikroOrmProjectStore(sql), calls),
          tasks: oneCallAtATime(new MikroOrmTaskStore(sql, tasksSeen, this.knownTasks, !inTransaction), calls),
          jobs: oneCallAtATime(new MikroOrmJobStore(sql, tasksSeen), calls),
          queue: oneCallAtATime(new MikroOrmQueue(sql, tasksSeen), calls),
          workers: oneCallAtATime(new MikroOrmWorkerStore(sql), calls),
        });
      } catch (error) {
        // The work's fault is what the caller needs to see, even if the rollback fails as well.
        if (sql.begun) await connection.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      if (sql.begun) await connection.query(E.isRight(result) ? 'COMMIT' : 'ROLLBACK');
      return result;
    });
  }

  async ping(): Promise<void> {
    await this.opened.orm.em.getConnection().execute('SELECT 1');
  }

  /** Refuses new transactions, lets the running ones finish, then closes the database. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.running]);
      await this.opened.close();
    })();
    return this.closing;
  }
}
