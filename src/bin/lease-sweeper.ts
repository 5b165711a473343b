import { Periodic } from './periodic.js';

export interface LeaseSweeperOptions {
  /** Expires the leases that ran out (the ExpireLeases use case). */
  readonly expire: () => Promise<unknown>;
  /** Throws when the database does not answer. */
  readonly ping: () => Promise<void>;
  readonly leaseMs: number;
  readonly intervalMs: number;
  readonly onError: (error: unknown) => void;
}

/**
 * Puts claims whose lease ran out back into the queue (or fails them) every `intervalMs`, but
 * only once this process has reached its database for a whole lease without a failure: while
 * the server or its database was down, workers could not heartbeat, so a lease that lapsed then
 * says nothing about its worker. Workers that are alive renew their leases (or report their
 * jobs) within that lease; only the leases of dead workers are left to expire.
 */
export class LeaseSweeper {
  private quietUntil: number;
  private readonly periodic: Periodic;

  constructor(private readonly options: LeaseSweeperOptions) {
    this.quietUntil = Date.now() + options.leaseMs;
    this.periodic = new Periodic(options.intervalMs, () => this.sweep());
  }

  start(): void {
    this.periodic.start();
  }

  stop(): void {
    this.periodic.stop();
  }

  private async sweep(): Promise<void> {
    try {
      if (Date.now() < this.quietUntil) await this.options.ping();
      else await this.options.expire();
    } catch (error) {
      this.quietUntil = Date.now() + this.options.leaseMs;
      this.options.onError(error);
    }
  }
}
