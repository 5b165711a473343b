import * as E from 'fp-ts/lib/Either.js';
import { inject, injectable } from '../injection.js';
import { Clock } from '../ports/clock.port.js';
import { Store } from '../ports/store.port.js';

/** Jobs one sweep transaction deletes at most: short transactions, so claims and reports never queue behind one. */
export const SWEEP_BATCH = 500;

/**
 * Deletes the finished jobs whose retention period has passed (retention `keep_for`), a small
 * batch per transaction, until none is left or `maxBatches` ran. Run periodically by the
 * composition root.
 */
@injectable()
export class SweepFinishedJobs {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  /** How many jobs went. */
  async execute(batch = SWEEP_BATCH, maxBatches = 100): Promise<number> {
    let swept = 0;
    for (let round = 0; round < maxBatches; round++) {
      const now = this.clock.now();
      const result = await this.store.transaction<never, number[]>(async (tx) => E.right(await tx.jobs.sweepExpired(now, batch)));
      const ids = E.isRight(result) ? result.right : [];
      swept += ids.length;
      if (ids.length < batch) break;
    }
    return swept;
  }
}
