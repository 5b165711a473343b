import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnScript, spawnWhatsNext, waitForOutput, type TrackedProcess } from './child-processes.js';

const SIDE_EFFECT_WORKER = fileURLToPath(new URL('./side-effect-worker.ts', import.meta.url));

export interface FleetOptions {
  /**
   * `cli`: `whatsnext worker`, each job a subprocess (the task's command template);
   * `loop`: the same worker loop and HTTP source, each job appending its id to `ranLog` in-process.
   */
  readonly kind: 'cli' | 'loop';
  readonly projectName: string;
  readonly projectId: number;
  readonly ranLog: string;
  /** The ports of the servers; worker i talks to ports[i % ports.length]. */
  readonly ports: readonly number[];
  readonly workers: number;
  /** Where the jobs' own logs go (one directory per worker). */
  readonly logDir: string;
  readonly idPrefix: string;
  readonly concurrency?: number;
  readonly extraArgs?: readonly string[];
  /** How long one claim long-polls, in ms (default 2000). */
  readonly pollMs?: number;
}

/**
 * Worker processes (see FleetOptions.kind). A worker that dies can be replaced
 * under a new id; the outputs of every incarnation are kept for the accounting.
 */
export class WorkerFleet {
  private readonly current: TrackedProcess[] = [];
  private readonly retired: TrackedProcess[] = [];
  private incarnations = 0;

  constructor(private readonly options: FleetOptions) {
    for (let slot = 0; slot < options.workers; slot++) this.current.push(this.spawn(slot));
  }

  private spawn(slot: number): TrackedProcess {
    const { options } = this;
    const id = `${options.idPrefix}-${slot}-${++this.incarnations}`;
    const port = options.ports[slot % options.ports.length]!;
    if (options.kind === 'loop') return spawnScript(SIDE_EFFECT_WORKER, [`http://127.0.0.1:${port}`, String(options.projectId), id, options.ranLog], { WN_POLL_MS: String(options.pollMs ?? 2_000) });
    return spawnWhatsNext(
      [
        'worker',
        '--server',
        '127.0.0.1',
        '--port',
        String(port),
        '--project',
        options.projectName,
        '--id',
        id,
        '--cpus',
        '1',
        '--concurrency',
        String(options.concurrency ?? 1),
        '--poll-interval',
        String((options.pollMs ?? 2_000) / 1000),
        '--kill-grace',
        '1',
        '--log-dir',
        join(options.logDir, `slot-${slot}`),
        ...(options.extraArgs ?? []),
      ],
      {},
    );
  }

  get processes(): readonly TrackedProcess[] {
    return this.current;
  }

  /** Waits until every worker registered and waits for jobs (it says so on its first line). */
  async ready(timeoutMs = 120_000): Promise<void> {
    await Promise.all(this.current.map((worker) => waitForOutput(worker, /worker \S+ (ready|on project)/, timeoutMs)));
  }

  /** Replaces the workers that exited with fresh ones; returns how many it replaced. */
  replaceDead(): number {
    let replaced = 0;
    this.current.forEach((worker, slot) => {
      if (worker.alive()) return;
      this.retired.push(worker);
      this.current[slot] = this.spawn(slot);
      replaced++;
    });
    return replaced;
  }

  /** The job the worker in `slot` runs now, as its output tells (its last job line says `started`). */
  currentJob(slot: number): number | null {
    const worker = this.current[slot];
    if (worker === undefined || !worker.alive()) return null;
    const lines = [...worker.output().matchAll(/job (\d+) (started|completed|failed|dropped|released)/g)];
    const last = lines[lines.length - 1];
    return last !== undefined && last[2] === 'started' ? Number(last[1]) : null;
  }

  /** SIGKILL for the worker in `slot`. */
  async crash(slot: number): Promise<void> {
    await this.current[slot]!.kill();
  }

  /** What every incarnation printed. */
  outputs(): string[] {
    return [...this.retired, ...this.current].map((worker) => worker.output());
  }

  /** Process ids of every incarnation, for CPU accounting. */
  pids(): number[] {
    return [...this.retired, ...this.current].map((worker) => worker.pid);
  }

  /** SIGTERM to all (graceful: deactivate), then wait. */
  async stop(): Promise<void> {
    for (const worker of this.current) if (worker.alive()) worker.child.kill('SIGTERM');
    await Promise.all(this.current.map((worker) => worker.exited));
  }
}
