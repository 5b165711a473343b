import * as E from 'fp-ts/lib/Either.js';
import { unheld, type Requirements } from '../../domain/resources.js';
import type { WorkerRegistration } from '../../domain/worker.js';
import { inject, injectable } from '../injection.js';
import { MAX_PAGE_SIZE } from '../paging.js';
import type { NamedStatusCounts } from '../ports/queue.port.js';
import { Store, type StoreTransaction } from '../ports/store.port.js';

/** An active worker, what its claimed jobs hold, and what is left of what it registered. */
export interface WorkerLoad {
  readonly id: string;
  readonly name: string;
  readonly registered: Requirements;
  readonly heldJobs: number;
  readonly free: Requirements;
}

/** The scheduler's state as gauges show it at one moment. */
export interface SchedulerGaugeValues {
  /** Every project's job counts by task and status (none of zero), with the names. */
  readonly jobs: readonly NamedStatusCounts[];
  /** Active workers, in registration order. */
  readonly workers: readonly WorkerLoad[];
}

const activeWorkers = async (tx: StoreTransaction): Promise<WorkerRegistration[]> => {
  const workers: WorkerRegistration[] = [];
  for (;;) {
    const page = await tx.workers.list(true, { limit: MAX_PAGE_SIZE, offset: workers.length });
    workers.push(...page);
    if (page.length < MAX_PAGE_SIZE) return workers;
  }
};

/**
 * Job counts and workers' free capacity for metrics, read from what the store maintains (the
 * counts by task and status, the index of claimed jobs by lease holder): never by reading the jobs
 * themselves, so a scrape costs the tasks and the jobs in flight, whatever the queue's length.
 */
@injectable()
export class SchedulerGauges {
  constructor(@inject(Store) private readonly store: Store) {}

  async execute(): Promise<SchedulerGaugeValues> {
    const values = await this.store.transaction<never, SchedulerGaugeValues>(async (tx) => {
      const jobs = await tx.queue.countAllByTaskAndStatus();
      const workers = await activeWorkers(tx);
      const held = new Map((await tx.queue.heldBy(workers.map((worker) => worker.id))).map((h) => [h.owner, h]));
      const none: Requirements = { cpu: 0, accelerators: 0, memoryMb: 0 };
      const loads = workers.map((worker): WorkerLoad => {
        const holding = held.get(worker.id);
        return {
          id: worker.id,
          name: worker.name,
          registered: worker.resources,
          heldJobs: holding?.jobs ?? 0,
          free: unheld(worker.resources, holding?.requirements ?? none),
        };
      });
      return E.right({ jobs, workers: loads });
    });
    // The work never answers Left.
    return E.isRight(values) ? values.right : values.left;
  }
}
