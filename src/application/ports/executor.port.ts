import type { ClaimedJob } from './job-source.port.js';

export type Outcome =
  | { readonly ok: true; readonly logTail: string | null }
  | { readonly ok: false; readonly exitCode: number | null; readonly reason: string; readonly logTail: string | null };

export interface RunContext {
  /** The accelerator (GPU) indices reserved for this job alone. */
  readonly acceleratorIndices: readonly number[];
  /** Aborted when the job must stop (cancelled, lease lost, timeout, shutdown). */
  readonly stop: AbortSignal;
}

/** Runs one job to its end: a JavaScript function, a subprocess, a SLURM or Kubernetes job. */
export interface Executor {
  run(claimed: ClaimedJob, context: RunContext): Promise<Outcome>;
}
export const Executor = Symbol.for('whatsnext.Executor');
