import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import type { ClaimedJob } from '../../src/application/ports/job-source.port.js';
import { SubprocessExecutor, type SubprocessSettings } from '../../src/adapters/worker/executors/subprocess/subprocess-executor.js';

/** The probe job script (see its header for what its arguments do). */
export const PROBE = fileURLToPath(new URL('./fixtures/job-probe.mjs', import.meta.url));

/** A claimed job as a job source would hand it out. */
export const claimedJob = (id: number, parameters: string, overrides: { commandTemplate?: string | null; timeoutSeconds?: number | null; accelerators?: number; cpu?: number; memoryMb?: number } = {}): ClaimedJob => {
  const requirements = { cpu: overrides.cpu ?? 1, accelerators: overrides.accelerators ?? 0, memoryMb: overrides.memoryMb ?? 0 };
  return {
    job: { id, name: `job-${id}`, projectId: 1, taskId: 1, parameters, priority: 0, requirements },
    task: { id: 1, name: 'probe', commandTemplate: overrides.commandTemplate ?? null, requirements, timeoutSeconds: overrides.timeoutSeconds ?? null },
  };
};

const scratchDirs: string[] = [];
test.after.always('remove scratch directories', async () => {
  await Promise.all(scratchDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh directory removed after the test file. */
export const scratchDir = async (prefix = 'wn-worker-'): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  scratchDirs.push(dir);
  return dir;
};

export interface ProbeRecord {
  readonly event: 'start';
  readonly argv: string[];
  readonly job: string;
  readonly devices: string | undefined;
  readonly pid: number;
  readonly cwd: string;
  readonly start: number;
  readonly childPid?: number;
}

export interface ProbeEnd {
  readonly event: 'end';
  readonly job: string;
  readonly pid: number;
  readonly end: number;
}

const readLines = async (path: string): Promise<(ProbeRecord | ProbeEnd)[]> => {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ProbeRecord | ProbeEnd);
};

/** What the probe saw at each start, one record per run. */
export const readRecords = async (path: string): Promise<ProbeRecord[]> => (await readLines(path)).filter((r): r is ProbeRecord => r.event === 'start');

/** When each run that ended normally ended. */
export const readEnds = async (path: string): Promise<ProbeEnd[]> => (await readLines(path)).filter((r): r is ProbeEnd => r.event === 'end');

/** Whether a process runs; a zombie (which a container's init may never reap) counts as dead. */
export const isAlive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
};

export const until = async (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** A subprocess executor running the probe in `dir` (a fresh one by default), its records in `records.jsonl` there. */
export const probeSubprocess = async (options: { readonly dir?: string; readonly overrides?: Partial<SubprocessSettings> } = {}) => {
  const dir = options.dir ?? (await scratchDir());
  const record = join(dir, 'records.jsonl');
  const settings: SubprocessSettings = {
    executable: process.execPath,
    script: PROBE,
    logDir: join(dir, 'logs'),
    workdir: dir,
    killGraceMs: 300,
    acceleratorVariable: 'CUDA_VISIBLE_DEVICES',
    extra: { PROBE_RECORD: record },
    ...options.overrides,
  };
  return { dir, record, settings, executor: new SubprocessExecutor(settings) };
};
