import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { createLogger } from '../../src/adapters/logging/logger.js';
import { serverConfig } from '../../src/bin/server-config.js';
import { startServer, type RunningServer } from '../../src/bin/start-server.js';

/**
 * The real CLI as a child process (`node --import tsx src/bin/whatsnext.ts …`, from any working
 * directory) against real servers started in this process on ephemeral ports.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'src/bin/whatsnext.ts');
const TSX = import.meta.resolve('tsx');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Working directory (default: an empty temp directory of this file). */
  readonly cwd?: string;
  /** Added to a clean environment (PATH, HOME=an empty temp dir, NO_COLOR unset). */
  readonly env?: Readonly<Record<string, string>>;
}

const cleanups: (() => Promise<void>)[] = [];
test.after.always('remove the servers and directories of this file', async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A fresh temp directory, removed after the file's tests. */
export const tempDir = async (prefix = 'wn-cli-'): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
};

let defaults: Promise<{ cwd: string; home: string }> | null = null;
const defaultDirs = () => (defaults ??= Promise.all([tempDir('wn-cli-cwd-'), tempDir('wn-cli-home-')]).then(([cwd, home]) => ({ cwd, home })));

/** Runs `whatsnext …args` and collects its exit code and output. Never throws on a non-zero exit. */
export const runCli = async (args: readonly string[], options: RunOptions = {}): Promise<CliResult> => {
  const dirs = await defaultDirs();
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: dirs.home,
    TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'),
    ...options.env,
  };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, BIN, ...args], { cwd: options.cwd ?? dirs.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
};

const shellQuote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/** Runs the CLI with a terminal as its output (through util-linux `script`); null where `script` is missing. */
export const runCliOnTty = async (args: readonly string[], options: RunOptions = {}): Promise<CliResult | null> => {
  const line = [process.execPath, '--import', TSX, BIN, ...args].map(shellQuote).join(' ');
  const dirs = await defaultDirs();
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dirs.home, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'), TERM: 'xterm-256color', ...options.env };
  return new Promise((resolvePromise) => {
    const child = spawn('script', ['-qec', line, '/dev/null'], { cwd: options.cwd ?? dirs.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', () => resolvePromise(null));
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout: stdout.replace(/\r\n/g, '\n'), stderr }));
  });
};

export interface CliServer {
  readonly url: string;
  readonly port: number;
  readonly running: RunningServer;
  /** Flags pointing a command at this server. */
  readonly flags: readonly string[];
}

/** A real server on 127.0.0.1:0 over the memory store (or PGlite), closed after the file's tests. */
export const startCliServer = async (options: { database?: 'memory' | 'pglite'; env?: Readonly<Record<string, string>> } = {}): Promise<CliServer> => {
  const env: Record<string, string> = { ...options.env };
  if (options.database === 'pglite') env['WHATSNEXT_DATA_DIR'] ??= await tempDir('wn-cli-pglite-');
  const running = await startServer(serverConfig({ host: '127.0.0.1', port: 0, database: options.database ?? 'memory' }, env), createLogger('silent'));
  cleanups.unshift(() => running.close());
  const port = Number(new URL(running.url).port);
  return { url: running.url, port, running, flags: ['--server', '127.0.0.1', '--port', String(port)] };
};

let counter = 0;
/** A name no other test of this process uses. */
export const unique = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;

/** The single JSON document a `--json` command printed. */
export const jsonOf = (result: CliResult): any => {
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout);
};

/** A CLI bound to one server and project: `wn('jobs', 'ls')`. */
export const cliFor = (server: CliServer, project: string, base: RunOptions = {}) => (...args: string[]) =>
  runCli([...args, ...server.flags, '--project', project], base);

/** A project with tasks, created through the CLI itself. */
export const newProject = async (server: CliServer, tasks: readonly string[] = ['train']) => {
  const project = unique('project');
  const wn = cliFor(server, project);
  const created = await runCli(['projects', 'create', project, ...server.flags]);
  if (created.code !== 0) throw new Error(`projects create: ${created.stderr}`);
  for (const task of tasks) {
    const made = await wn('tasks', 'create', task);
    if (made.code !== 0) throw new Error(`tasks create ${task}: ${made.stderr}`);
  }
  return { project, wn };
};
