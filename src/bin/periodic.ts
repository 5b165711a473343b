/**
 * Runs `work` every `intervalMs`, one run at a time: a tick that comes while the last run is still
 * going is skipped. The timer keeps no process alive. `work` handles its own errors.
 */
export class Periodic {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly intervalMs: number,
    private readonly work: () => Promise<void>,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.work();
    } finally {
      this.running = false;
    }
  }
}
