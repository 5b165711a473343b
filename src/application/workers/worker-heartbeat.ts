import * as E from 'fp-ts/lib/Either.js';
import type { WorkerNotFound } from '../../domain/errors.js';
import { heartbeat } from '../../domain/worker.js';
import { inject, injectable } from '../injection.js';
import { findWorker } from '../lookups.js';
import { Clock } from '../ports/clock.port.js';
import { SchedulerSettings } from '../ports/scheduler-settings.port.js';
import { Store } from '../ports/store.port.js';

export interface HeartbeatAnswer {
  /** The jobs whose leases the worker still holds; any other job it runs was lost or cancelled. */
  readonly heldJobIds: readonly number[];
  readonly leaseExpiresAt: Date;
}

/** A worker says it is alive: its registration is refreshed and every lease it holds renewed. */
@injectable()
export class WorkerHeartbeat {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
    @inject(SchedulerSettings) private readonly settings: SchedulerSettings,
  ) {}

  execute(id: string): Promise<E.Either<WorkerNotFound, HeartbeatAnswer>> {
    return this.store.transaction<WorkerNotFound, HeartbeatAnswer>(async (tx) => {
      const worker = await findWorker(tx, id);
      if (E.isLeft(worker)) return worker;
      const now = this.clock.now();
      await tx.workers.save(heartbeat(worker.right, now));
      const leaseExpiresAt = new Date(now.getTime() + this.settings.leaseSeconds * 1000);
      return E.right({ heldJobIds: await tx.queue.renewLeases(id, leaseExpiresAt, now), leaseExpiresAt });
    });
  }
}
