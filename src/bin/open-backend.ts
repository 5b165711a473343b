import { ContainerModule, type Container } from 'inversify';
import type { Logger } from 'pino';
import { JobSignal } from '../application/ports/job-signal.port.js';
import { SchedulerEvents } from '../application/ports/scheduler-events.port.js';
import { Store } from '../application/ports/store.port.js';
import type { UseCases } from '../application/use-cases.js';
import { memoryStoreModule } from '../adapters/persistence/memory/memory-store.module.js';
import { mikroOrmStoreModule } from '../adapters/persistence/mikro-orm/mikro-orm-store.module.js';
import { openMikroOrmStore } from '../adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { inProcessSignalModule } from '../adapters/signal/in-process-signal.module.js';
import { PostgresJobSignal } from '../adapters/signal/postgres-job-signal.js';
import { buildContainer, resolveUseCases } from './container.js';
import type { DatabaseChoice } from './database-choice.js';
import { LeaseSweeper } from './lease-sweeper.js';
import { RetentionSweeper } from './retention-sweeper.js';

/** The scheduler's core, opened on a database: use cases plus what must be closed with them. */
export interface Backend {
  readonly container: Container;
  readonly useCases: UseCases;
  readonly store: Store;
  close(): Promise<void>;
}

export interface BackendOptions {
  readonly leaseSeconds: number;
  /** See SchedulerSettings; absent: a day. */
  readonly unleasedClaimSeconds?: number | null;
  /** How often expired leases go back to the queue; 0 turns the sweeper off. */
  readonly leaseSweepMs: number;
  /** How often finished jobs past their retention period are deleted; 0 turns the sweeper off. Absent: a minute. */
  readonly retentionSweepMs?: number;
  readonly logger?: Logger;
  /** Who hears the scheduler's events (the server's metrics); absent: nobody. */
  readonly events?: SchedulerEvents;
}

/**
 * Opens the store (running migrations), picks the signal that fits it, and starts the lease
 * sweeper (which waits a whole lease after the start and after any database failure) and the
 * retention sweeper.
 */
export const openBackend = async (choice: DatabaseChoice, options: BackendOptions): Promise<Backend> => {
  const store = choice.kind === 'memory' ? null : await openMikroOrmStore(choice.kind === 'postgres' ? { kind: 'postgres', url: choice.url } : choice);
  let signal: PostgresJobSignal | null = null;
  try {
    if (choice.kind === 'postgres') {
      signal = new PostgresJobSignal(choice.url, (error) => options.logger?.warn({ err: error }, 'job signal connection'));
      await signal.start();
    }
  } catch (error) {
    await store?.close();
    throw error;
  }
  const pgSignal = signal;
  const events = options.events;
  const container = buildContainer(
    store === null ? memoryStoreModule : mikroOrmStoreModule(store),
    { leaseSeconds: options.leaseSeconds, ...(options.unleasedClaimSeconds === undefined ? {} : { unleasedClaimSeconds: options.unleasedClaimSeconds }) },
    events === undefined ? [] : [new ContainerModule(({ rebind }) => void rebind<SchedulerEvents>(SchedulerEvents).toConstantValue(events))],
    pgSignal === null ? inProcessSignalModule : new ContainerModule(({ bind }) => void bind(JobSignal).toConstantValue(pgSignal)),
  );
  const useCases = resolveUseCases(container);
  const openStore = container.get<Store>(Store);
  const sweeper =
    options.leaseSweepMs > 0
      ? new LeaseSweeper({
          expire: () => useCases.expireLeases.execute(),
          ping: () => openStore.ping(),
          leaseMs: options.leaseSeconds * 1000,
          intervalMs: options.leaseSweepMs,
          onError: (error) => options.logger?.warn({ err: error }, 'lease sweep failed: leases expire a whole lease after the database answers again'),
        })
      : null;
  sweeper?.start();
  const retentionSweepMs = options.retentionSweepMs ?? 60_000;
  const retentionSweeper =
    retentionSweepMs > 0
      ? new RetentionSweeper({
          sweep: () => useCases.sweepFinishedJobs.execute(),
          intervalMs: retentionSweepMs,
          onSwept: (count) => options.logger?.info({ deleted: count }, 'retention sweep deleted finished jobs past their retention period'),
          onError: (error) => options.logger?.warn({ err: error }, 'retention sweep failed: it runs again at the next interval'),
        })
      : null;
  retentionSweeper?.start();
  return {
    container,
    useCases,
    store: openStore,
    close: async () => {
      sweeper?.stop();
      retentionSweeper?.stop();
      await container.get<JobSignal>(JobSignal).close();
      await openStore.close();
    },
  };
};
