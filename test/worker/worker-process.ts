import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'src/bin/whatsnext.ts');
const TSX = import.meta.resolve('tsx');

export interface WorkerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything it printed so far. */
  output(): string;
  /** Its exit code (or signal) once it ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcessWithoutNullStreams>();
test.after.always('kill the worker processes of this file', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The real CLI, `whatsnext worker …args`, as a child process. */
export const spawnWorker = (args: readonly string[], env: Readonly<Record<string, string>> = {}): WorkerProcess => {
  const child = spawn(process.execPath, ['--import', TSX, BIN, 'worker', ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  let text = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolveExit({ code, signal });
    }),
  );
  return { child, output: () => text, exited };
};
