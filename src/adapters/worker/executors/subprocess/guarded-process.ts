import { spawn } from 'node:child_process';
import { PROCESS_GUARD_SOURCE } from './process-guard.js';
import { signalGroup, terminateGroup } from './process-group.js';

export interface ProcessEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface GuardedProcess {
  /** Resolves when the job's main process ended and no other process of its group is left. */
  readonly ended: Promise<ProcessEnd>;
  /** SIGTERM to the whole group, SIGKILL to what is left after the grace period. */
  stop(): void;
}

export interface GuardedSpawnOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** The open log file the job's stdout and stderr go to. */
  readonly logFd: number;
  readonly killGraceMs: number;
}

/**
 * Runs an argv (never through a shell) in a process group of its own, led by the process guard:
 * stopping the job stops every process it started, and so does the worker's death.
 */
export const spawnGuarded = (argv: readonly string[], options: GuardedSpawnOptions): GuardedProcess => {
  const guard = spawn(process.execPath, ['-e', PROCESS_GUARD_SOURCE, '--', String(options.killGraceMs), ...argv], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['pipe', options.logFd, options.logFd],
  });
  // The worker never writes to the guard: the pipe only tells it whether the worker lives.
  guard.stdin?.on('error', () => {});
  let killTimer: NodeJS.Timeout | null = null;
  const ended = new Promise<ProcessEnd>((resolve, reject) => {
    guard.once('error', reject);
    guard.once('exit', (code, signal) => {
      const end = { code, signal };
      if (killTimer !== null) clearTimeout(killTimer);
      // Whatever the job left running in its group (daemons, stray children) ends with it.
      const group = guard.pid;
      void (group === undefined ? Promise.resolve() : terminateGroup(group, options.killGraceMs)).then(() => resolve(end));
    });
  });
  return {
    ended,
    stop: () => {
      const group = guard.pid;
      if (killTimer !== null || group === undefined || guard.exitCode !== null || guard.signalCode !== null) return;
      signalGroup(group, 'SIGTERM');
      killTimer = setTimeout(() => void signalGroup(group, 'SIGKILL'), options.killGraceMs);
    },
  };
};
