import type { ClaimedJob } from '../../../../application/ports/job-source.port.js';
import { shellCommand } from '../command/shell-quote.js';

export interface SbatchOptions {
  readonly scriptPath: string;
  readonly logPath: string;
  readonly workdir: string;
  readonly partition: string | null;
  /** More sbatch options, as given (e.g. `--account=x`, `--qos=y`). */
  readonly extraArgs: readonly string[];
}

/** SLURM's job names are free text, but short plain ones read best in squeue. */
export const slurmJobName = ({ job }: ClaimedJob): string => `wn-${job.id}-${job.name.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 40)}`;

/** `--time` in minutes, rounded up: SLURM counts whole minutes. */
const timeLimit = (seconds: number): string => String(Math.max(1, Math.ceil(seconds / 60)));

/** The sbatch argv of a job: its resources as SLURM options, its output to the log file. */
export const sbatchArgs = (claimed: ClaimedJob, options: SbatchOptions): string[] => {
  const { cpu, accelerators, memoryMb } = claimed.job.requirements;
  return [
    '--parsable',
    `--job-name=${slurmJobName(claimed)}`,
    `--chdir=${options.workdir}`,
    `--output=${options.logPath}`,
    '--open-mode=append',
    ...(cpu > 0 ? [`--cpus-per-task=${cpu}`] : []),
    ...(accelerators > 0 ? [`--gres=gpu:${accelerators}`] : []),
    ...(memoryMb > 0 ? [`--mem=${memoryMb}M`] : []),
    ...(claimed.task.timeoutSeconds === null ? [] : [`--time=${timeLimit(claimed.task.timeoutSeconds)}`]),
    ...(options.partition === null ? [] : [`--partition=${options.partition}`]),
    ...options.extraArgs,
    options.scriptPath,
  ];
};

/** The batch script: one exec line whose words are quoted so the shell runs exactly the job's argv. */
export const batchScript = (argv: readonly string[]): string => `#!/bin/sh\n# written by the WhatsNext worker\nexec ${shellCommand(argv)}\n`;

/** `--parsable` prints `<id>` or `<id>;<cluster>`. */
export const parseSbatchId = (stdout: string): string | null => {
  const id = stdout.trim().split(';')[0] ?? '';
  return /^\d+(_\d+)?$/.test(id) ? id : null;
};
