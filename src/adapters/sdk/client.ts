import { randomBytes } from 'node:crypto';
import { availableParallelism, hostname, userInfo } from 'node:os';
import * as E from 'fp-ts/lib/Either.js';
import type { Executor } from '../../application/ports/executor.port.js';
import type { WhatsNextClient } from '../client/whatsnext-client.js';
import { HttpJobSource } from '../worker/http-job-source.js';
import { Worker } from '../worker/worker.js';
import type { WorkerEvent, WorkerListener } from '../worker/worker-events.js';
import { DEFAULT_WORKER_SETTINGS, heartbeatIntervalFor, type WorkerSettings } from '../worker/worker-settings.js';
import { alreadyWorking, type SdkError } from './sdk-error.js';

export interface ClientOptions {
  /** Runs each claimed job: your own, or `functionExecutor` / `subprocessExecutor`. */
  readonly executor: Executor;
  /** The worker's id on the server (default: the host name and a random suffix). */
  readonly id?: string;
  readonly name?: string;
  readonly entity?: string;
  readonly description?: string | null;
  /** What it offers; jobs are packed into it (default: every CPU of the machine, no accelerators). */
  readonly cpu?: number;
  readonly accelerators?: number;
  /** Memory to pack jobs into; omitted, memory is not accounted for. */
  readonly memoryMb?: number;
  /** Jobs at once (default 1). */
  readonly concurrency?: number;
  /** Jobs claimed ahead of free slots (default 0), for many short jobs. */
  readonly prefetch?: number;
  /** How long a claim waits on the server for a job before asking again (default 5 s). */
  readonly pollIntervalMs?: number;
  /** On stop, running jobs get this long to finish before they are stopped and released (default 30 s). */
  readonly shutdownGraceMs?: number;
  readonly killGraceMs?: number;
  /** Each job started, completed, failed, released, and errors talking to the server. */
  readonly onEvent?: WorkerListener;
}

export interface WorkOptions {
  /** Run at most one job: one claim, without waiting (an empty queue ends the work at once). */
  readonly once?: boolean;
  /** Aborting it stops the worker as `stop()` does. */
  readonly signal?: AbortSignal;
}

/** What one `work()` did. */
export interface WorkSummary {
  readonly completed: number;
  readonly failed: number;
  /** Jobs whose outcome was not recorded (cancelled meanwhile, lease lost) or that went back to the queue. */
  readonly dropped: number;
}

const defaultId = (): string => `${hostname().replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 60)}-${randomBytes(4).toString('hex')}`;

/**
 * A worker of one project on a remote server (the original's `Client`): `work()` registers it,
 * then claims the jobs that fit its offer, runs them with its executor, reports their outcomes
 * and keeps their leases alive, until `stop()`. The loop is the CLI worker's (`whatsnext worker`).
 */
export class Client {
  readonly id: string;
  private worker: Worker | null = null;

  constructor(
    private readonly client: WhatsNextClient,
    readonly projectId: number,
    private readonly options: ClientOptions,
  ) {
    this.id = options.id ?? defaultId();
  }

  /**
   * Works until `stop()`, the signal, or (with `once`) one job; resolves with what it did. Left
   * when the server refuses the worker or cannot be reached at the start; later outages are
   * retried (reports are kept until the server answers).
   */
  async work(options: WorkOptions = {}): Promise<E.Either<SdkError, WorkSummary>> {
    if (this.worker !== null) return E.left(alreadyWorking(this.id));
    // A project deleted meanwhile would leave the worker claiming in vain: say so at once instead.
    const project = await this.client.getProject(this.projectId);
    if (E.isLeft(project)) return project;
    const cpu = this.options.cpu ?? availableParallelism();
    const accelerators = this.options.accelerators ?? 0;
    // Registered here rather than through HttpJobSource.register, which throws: a refusal is the caller's value.
    const registered = await this.client.registerClient({
      id: this.id,
      name: this.options.name ?? hostname(),
      entity: this.options.entity ?? userInfo().username,
      description: this.options.description ?? 'whatsnext SDK worker',
      available_cpu: cpu,
      available_accelerators: accelerators,
      available_memory_mb: this.options.memoryMb ?? 0,
    });
    if (E.isLeft(registered)) return registered;
    const source = new HttpJobSource(this.client, this.projectId, this.id);
    let leaseMs: number | null;
    try {
      leaseMs = await source.leaseMs();
    } catch {
      leaseMs = null;
    }
    const settings: WorkerSettings = {
      ...DEFAULT_WORKER_SETTINGS,
      cpu,
      accelerators,
      memoryMb: this.options.memoryMb ?? null,
      concurrency: this.options.concurrency ?? 1,
      prefetch: options.once ? 0 : (this.options.prefetch ?? 0),
      pollIntervalMs: this.options.pollIntervalMs ?? 5_000,
      heartbeatIntervalMs: heartbeatIntervalFor(leaseMs),
      once: options.once ?? false,
      shutdownGraceMs: this.options.shutdownGraceMs ?? DEFAULT_WORKER_SETTINGS.shutdownGraceMs,
      killGraceMs: this.options.killGraceMs ?? DEFAULT_WORKER_SETTINGS.killGraceMs,
    };
    const counts = { completed: 0, failed: 0, dropped: 0 };
    const count = (event: WorkerEvent) => {
      if (event.type === 'completed') counts.completed++;
      else if (event.type === 'failed') counts.failed++;
      else if (event.type === 'dropped' || event.type === 'released') counts.dropped++;
      this.options.onEvent?.(event);
    };
    const worker = new Worker(source, this.options.executor, settings, count);
    this.worker = worker;
    const onAbort = () => void worker.stop();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    try {
      await worker.run();
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      this.worker = null;
      // Marking the worker inactive is a courtesy to people looking at `clients ls`: its jobs are settled.
      await source.deactivate().catch((error: unknown) => this.options.onEvent?.({ type: 'error', message: (error as Error).message }));
    }
    return E.right({ ...counts });
  }

  /** Stops claiming; running jobs get the grace period, then go back to the queue. Resolves once it stopped. */
  async stop(): Promise<void> {
    await this.worker?.stop();
  }
}
