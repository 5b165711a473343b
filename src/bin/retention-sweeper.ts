import { Periodic } from './periodic.js';

export interface RetentionSweeperOptions {
  /** Deletes the finished jobs whose retention period passed (the SweepFinishedJobs use case); answers how many. */
  readonly sweep: () => Promise<number>;
  readonly intervalMs: number;
  readonly onSwept: (count: number) => void;
  readonly onError: (error: unknown) => void;
}

/**
 * Runs the retention sweep every `intervalMs`, one sweep at a time: each deletes in small
 * transactions that skip rows others hold, so claims and reports never wait for it.
 */
export class RetentionSweeper {
  private readonly periodic: Periodic;

  constructor(private readonly options: RetentionSweeperOptions) {
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
      const count = await this.options.sweep();
      if (count > 0) this.options.onSwept(count);
    } catch (error) {
      this.options.onError(error);
    }
  }
}
