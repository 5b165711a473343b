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
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(private readonly options: RetentionSweeperOptions) {}

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const count = await this.options.sweep();
      if (count > 0) this.options.onSwept(count);
    } catch (error) {
      this.options.onError(error);
    } finally {
      this.sweeping = false;
    }
  }
}
