import { WhatsNext } from '../adapters/embedding/whatsnext.js';
import { chooseDatabase, type DatabaseOption } from './database-choice.js';
import { openBackend } from './open-backend.js';

export interface WhatsNextOptions {
  /**
   * Where jobs are kept: `memory`, `pglite` (the default: embedded PostgreSQL on
   * `WHATSNEXT_DATA_DIR`, else `./.whatsnext/data`, or `./.whatsnext-data` beside a `.whatsnext` file), `{ pglite: dir }`, or a `postgres://` URL.
   * Without it, `DATABASE_URL` is used when set.
   */
  readonly database?: DatabaseOption;
  /** Lease length for workers' claims, in seconds (default 60). */
  readonly leaseSeconds?: number;
  /**
   * How long a claim made without a lease (no worker id, so no heartbeat) may stay QUEUED or
   * RUNNING before it goes back to PENDING, in seconds (default 86,400: a day); null: never.
   */
  readonly unleasedClaimSeconds?: number | null;
  /** How often expired leases are swept back into the queue, in ms (default 1000). */
  readonly leaseSweepMs?: number;
  /** How often finished jobs past their retention period (retention `keep_for`) are deleted, in ms (default 60,000; 0: never). */
  readonly retentionSweepMs?: number;
}

/** Builds an embedded WhatsNext: the scheduler in this process, ready for in-process workers. */
export const createWhatsNext = async (options: WhatsNextOptions = {}): Promise<WhatsNext> => {
  const backend = await openBackend(chooseDatabase(options.database), {
    leaseSeconds: options.leaseSeconds ?? 60,
    ...(options.unleasedClaimSeconds === undefined ? {} : { unleasedClaimSeconds: options.unleasedClaimSeconds }),
    leaseSweepMs: options.leaseSweepMs ?? 1_000,
    ...(options.retentionSweepMs === undefined ? {} : { retentionSweepMs: options.retentionSweepMs }),
  });
  return new WhatsNext(backend.useCases, () => backend.close());
};
