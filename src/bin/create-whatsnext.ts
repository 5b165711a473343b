import { Store } from '../application/ports/store.port.js';
import { JobSignal } from '../application/ports/job-signal.port.js';
import { memoryStoreModule } from '../adapters/persistence/memory/memory-store.module.js';
import { WhatsNext } from '../adapters/embedding/whatsnext.js';
import { buildContainer, resolveUseCases } from './container.js';

export interface WhatsNextOptions {
  /** Where jobs are kept. `memory`: in this process only, gone when it exits. */
  readonly database?: 'memory';
  /** Lease length for workers' claims, in seconds (default 60). */
  readonly leaseSeconds?: number;
  /** How often expired leases are swept back into the queue, in ms (default 1000). */
  readonly leaseSweepMs?: number;
}

/** Builds an embedded WhatsNext: the scheduler in this process, ready for in-process workers. */
export const createWhatsNext = async (options: WhatsNextOptions = {}): Promise<WhatsNext> => {
  const container = buildContainer(memoryStoreModule, { leaseSeconds: options.leaseSeconds ?? 60 });
  const useCases = resolveUseCases(container);
  const sweeper = setInterval(() => void useCases.expireLeases.execute().catch(() => {}), options.leaseSweepMs ?? 1_000);
  sweeper.unref();
  return new WhatsNext(useCases, async () => {
    clearInterval(sweeper);
    await container.get<JobSignal>(JobSignal).close();
    await container.get<Store>(Store).close();
  });
};
