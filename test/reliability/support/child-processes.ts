import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

/** The repository root: tsx must run from it, for its tsconfig. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(ROOT, 'src/bin/whatsnext.ts');
const TSX = import.meta.resolve('tsx');

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface TrackedProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything it printed so far (stdout and stderr interleaved). */
  output(): string;
  readonly exited: Promise<Exit>;
  /** Whether it is still running. */
  alive(): boolean;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<Exit>;
}

const tracked = new Set<TrackedProcess>();
// Whatever a test file started dies with the file, failures included.
test.after.always('kill the processes of this file', async () => {
  await Promise.all([...tracked].map((p) => p.kill()));
});

/** Output beyond this is dropped from the front: a worker prints a line per job. */
const OUTPUT_LIMIT = 4_000_000;

/** `whatsnext …args` as a child process of this test, killed when the file ends. */
export const spawnWhatsNext = (args: readonly string[], env: Readonly<Record<string, string>>): TrackedProcess => spawnScript(BIN, args, env);

/** A TypeScript program of this repository (run through tsx) as a child process, killed when the file ends. */
export const spawnScript = (script: string, args: readonly string[], env: Readonly<Record<string, string>>): TrackedProcess => {
  const child = spawn(process.execPath, ['--import', TSX, script, ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const collect = (chunk: string) => {
    text += chunk;
    if (text.length > OUTPUT_LIMIT) text = text.slice(text.length - OUTPUT_LIMIT / 2);
  };
  child.stdout!.setEncoding('utf8').on('data', collect);
  child.stderr!.setEncoding('utf8').on('data', collect);
  let ended = false;
  const exited = new Promise<Exit>((resolveExit) =>
    child.once('exit', (code, signal) => {
      ended = true;
      tracked.delete(handle);
      resolveExit({ code, signal });
    }),
  );
  const handle: TrackedProcess = {
    child,
    pid: child.pid!,
    output: () => text,
    exited,
    alive: () => !ended,
    kill: async () => {
      if (!ended) child.kill('SIGKILL');
      return exited;
    },
  };
  tracked.add(handle);
  return handle;
};

/** Waits until the process printed a line matching `pattern`; throws if it exits first or the time runs out. */
export const waitForOutput = async (process_: TrackedProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = process_.output().match(pattern);
    if (match) return match;
    if (!process_.alive()) throw new Error(`process ${process_.pid} exited before printing ${pattern}:\n${process_.output().slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`process ${process_.pid} did not print ${pattern} within ${timeoutMs} ms:\n${process_.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU seconds a process used, from /proc/<pid>/stat: its own user + system time, plus that of its
 * children that ended and were waited for (a PostgreSQL postmaster's backends). 0 once it is gone.
 */
export const cpuSecondsOf = (pid: number, withChildren = false): number => {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // Fields after the command name, which may contain spaces: state is field 3, utime 14 … cstime 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
  return ((utime ?? 0) + (stime ?? 0) + (withChildren ? (cutime ?? 0) + (cstime ?? 0) : 0)) / CLOCK_TICKS_PER_SECOND;
};

/** Process ids whose parent is `pid` (from /proc). */
export const childrenOf = (pid: number): number[] => {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry));
    } catch {
      // it ended meanwhile
    }
  }
  return children;
};

/**
 * CPU seconds of a process and its children, living or ended (e.g. a PostgreSQL cluster: the
 * postmaster, its background processes and every backend so far). Grows monotonically.
 */
export const treeCpuSecondsOf = (pid: number): number =>
  cpuSecondsOf(pid, true) + childrenOf(pid).reduce((sum, child) => sum + cpuSecondsOf(child), 0);

/** CPU seconds the whole machine was busy (every core, every process: ours and anyone else's), from /proc/stat. */
export const machineBusySeconds = (): number => {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal …: busy is everything but idle and iowait.
  const busy = ticks.reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
  return busy / CLOCK_TICKS_PER_SECOND;
};
