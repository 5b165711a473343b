import type { JobSignal } from '../../application/ports/job-signal.port.js';

type Waiter = (notified: boolean) => void;

/** Wakes waiters of the same process; enough for memory and PGlite, which one process owns. */
export class InProcessJobSignal implements JobSignal {
  private readonly waiters = new Map<number, Set<Waiter>>();
  private readonly versions = new Map<number, number>();

  version(projectId: number): number {
    return this.versions.get(projectId) ?? 0;
  }

  notify(projectId: number): void {
    this.versions.set(projectId, this.version(projectId) + 1);
    const waiting = this.waiters.get(projectId);
    if (!waiting) return;
    this.waiters.delete(projectId);
    for (const wake of waiting) wake(true);
  }

  wait(projectId: number, timeoutMs: number, abort?: AbortSignal, since?: number): Promise<boolean> {
    if (abort?.aborted) return Promise.resolve(false);
    if (since !== undefined && this.version(projectId) !== since) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiting = this.waiters.get(projectId) ?? new Set<Waiter>();
      this.waiters.set(projectId, waiting);
      const finish: Waiter = (notified) => {
        clearTimeout(timer);
        abort?.removeEventListener('abort', onAbort);
        waiting.delete(finish);
        resolve(notified);
      };
      const onAbort = () => finish(false);
      const timer = setTimeout(() => finish(false), timeoutMs);
      abort?.addEventListener('abort', onAbort, { once: true });
      waiting.add(finish);
    });
  }

  async close(): Promise<void> {
    for (const waiting of this.waiters.values()) for (const wake of waiting) wake(false);
    this.waiters.clear();
  }
}
