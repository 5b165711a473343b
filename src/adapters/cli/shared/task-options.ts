import { Option } from 'clipanion';
import * as t from 'typanion';
import type { TaskOptions } from '../../client/client-inputs.js';
import type { TaskWire } from '../../client/wire.codecs.js';
import { usageError } from './cli-failure.js';
import { countValidator } from './networked-command.js';
import { retentionOption, taskRetentionFlag } from './retention-option.js';

const UNITS: Record<string, number> = { '': 1, m: 1, mb: 1, mi: 1, mib: 1, g: 1024, gb: 1024, gi: 1024, gib: 1024, t: 1024 * 1024, tb: 1024 * 1024 };

/** `4096` (MB), `512M`, `4G`, `1.5GB` → megabytes. */
export const parseMemoryMb = (text: string): number => {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const factor = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || factor === undefined) throw usageError(`--memory expects megabytes or a size like 512M or 4G, got '${text}'`);
  const mb = Number(match[1]) * factor;
  if (!Number.isSafeInteger(Math.round(mb))) throw usageError(`--memory ${text} is too large`);
  return Math.round(mb);
};

/** `--timeout`: seconds (> 0), or `none` to have none. */
export const parseTimeout = (text: string): number | null => {
  if (/^(none|off|0)$/i.test(text.trim())) return null;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) throw usageError(`--timeout expects seconds (> 0) or none, got '${text}'`);
  return seconds;
};

/** The resource and retry options shared by `tasks create` and `tasks update` (one factory per field). */
export const taskOption = {
  cpu: () => Option.String('--cpu', { description: 'CPUs a job needs (default 1)', validator: countValidator }),
  accelerators: () => Option.String('--accelerators,--accel', { description: 'Accelerators (GPUs) a job needs (default 0)', validator: countValidator }),
  memory: () => Option.String('--memory', { description: 'Memory a job needs: megabytes, or 512M, 4G…' }),
  commandTemplate: () => Option.String('--command-template', { description: 'Command a worker runs, e.g. "python train.py {lr}" ("" for none)' }),
  maxAttempts: () => Option.String('--max-attempts', { description: 'Attempts before a job stays FAILED (default 3)', validator: t.cascade(t.isNumber(), [t.isInteger(), t.isAtLeast(1)]) }),
  timeout: () => Option.String('--timeout', { description: 'Seconds a job may run, or none' }),
  retention: () => retentionOption(", or project to follow the project's (the default)"),
  retryOnFailure: () => Option.Boolean('--retry-on-failure', { description: 'Requeue a failed job while attempts remain (--no-retry-on-failure to stop)' }),
};

export interface TaskFlagValues {
  readonly cpu?: number | undefined;
  readonly accelerators?: number | undefined;
  readonly memory?: string | undefined;
  readonly commandTemplate?: string | undefined;
  readonly maxAttempts?: number | undefined;
  readonly timeout?: string | undefined;
  readonly retryOnFailure?: boolean | undefined;
  readonly retention?: string | undefined;
}

/** The wire fields for the flags that were given. */
export const taskOptionsFrom = (flags: TaskFlagValues): TaskOptions => ({
  ...(flags.cpu !== undefined ? { required_cpu: flags.cpu } : {}),
  ...(flags.accelerators !== undefined ? { required_accelerators: flags.accelerators } : {}),
  ...(flags.memory !== undefined ? { required_memory_mb: parseMemoryMb(flags.memory) } : {}),
  ...(flags.commandTemplate !== undefined ? { command_template: flags.commandTemplate === '' ? null : flags.commandTemplate } : {}),
  ...(flags.maxAttempts !== undefined ? { max_attempts: flags.maxAttempts } : {}),
  ...(flags.timeout !== undefined ? { timeout_seconds: parseTimeout(flags.timeout) } : {}),
  ...(flags.retryOnFailure !== undefined ? { retry_on_failure: flags.retryOnFailure } : {}),
  ...(flags.retention !== undefined ? { retention: taskRetentionFlag(flags.retention) } : {}),
});

/** A task's row in a table. */
export const taskRow = (task: TaskWire): (string | number)[] => [
  task.id,
  task.name,
  task.required_cpu,
  task.required_accelerators,
  task.required_memory_mb ? `${task.required_memory_mb}M` : '-',
  task.max_attempts ?? '-',
  task.retry_on_failure ? 'yes' : 'no',
  task.timeout_seconds == null ? '-' : `${task.timeout_seconds}s`,
  task.retention ?? 'project',
  task.command_template ?? '-',
];

export const TASK_HEADERS = ['ID', 'NAME', 'CPU', 'ACCEL', 'MEMORY', 'ATTEMPTS', 'RETRY', 'TIMEOUT', 'RETENTION', 'COMMAND'];
