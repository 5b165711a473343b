import type { RemoteState } from '../remote/remote-state.js';

/** The states in which a SLURM job has ended without success. */
const FAILED_STATES = new Set(['FAILED', 'CANCELLED', 'TIMEOUT', 'OUT_OF_MEMORY', 'NODE_FAIL', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE']);

export interface SlurmJobInfo {
  readonly state: string;
  /** `ExitCode=a:b`: a is the exit code, b the signal that ended it (0: none). */
  readonly exitCode: number | null;
  readonly signal: number | null;
}

const field = (line: string, name: string): string | null => new RegExp(`(?:^|\\s)${name}=(\\S*)`).exec(line)?.[1] ?? null;

/** One line of `scontrol show job -o <id>`; null when it names no job. */
export const parseScontrolJob = (output: string): SlurmJobInfo | null => {
  const line = output.split('\n').find((l) => /(?:^|\s)JobState=/.test(l));
  if (line === undefined) return null;
  const state = field(line, 'JobState') ?? '';
  const exit = /^(\d+):(\d+)$/.exec(field(line, 'ExitCode') ?? '');
  return { state, exitCode: exit ? Number(exit[1]) : null, signal: exit ? Number(exit[2]) : null };
};

/** `squeue -h -j <id> -t all -o %T`: the state alone; null when the job is not listed. */
export const parseSqueueState = (output: string): SlurmJobInfo | null => {
  const state = output.trim().split('\n')[0]?.trim() ?? '';
  return /^[A-Z_]+$/.test(state) ? { state, exitCode: null, signal: null } : null;
};

/** A SLURM job state as an outcome: COMPLETED is success, the failure states name themselves. */
export const slurmState = (slurmId: string, info: SlurmJobInfo | null): RemoteState => {
  if (info === null) return { kind: 'gone' };
  // `CANCELLED by 0` is shown as `CANCELLED` in -o output, but be lenient with suffixes.
  const state = info.state.split(/[\s+]/)[0] ?? '';
  if (state === 'COMPLETED') return { kind: 'succeeded' };
  if (!FAILED_STATES.has(state)) return { kind: 'active', detail: state };
  const code = info.exitCode !== null ? ` with exit code ${info.exitCode}` : '';
  const signal = info.signal ? ` (signal ${info.signal})` : '';
  return { kind: 'failed', reason: `SLURM job ${slurmId} ended ${state}${code}${signal}`, exitCode: info.exitCode };
};
