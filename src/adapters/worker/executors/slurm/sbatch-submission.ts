import type { ClaimedJob } from '../../../../application/ports/job-source.port.js';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { fillWord } from '../command/command-template.js';
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

/** The placeholders of a batch script template (`{{` and `}}` are literal braces, so write `${{HOME}}` for the shell's `${HOME}`). */
export const BATCH_TEMPLATE_PLACEHOLDERS = ['command', 'job_id', 'job_name', 'task', 'project_id', 'workdir'] as const;

const templateValues = (claimed: ClaimedJob, argv: readonly string[], workdir: string): ReadonlyMap<string, string> =>
  new Map([
    ['command', shellCommand(argv)],
    ['job_id', String(claimed.job.id)],
    ['job_name', claimed.job.name],
    ['task', claimed.task.name],
    ['project_id', String(claimed.job.projectId)],
    ['workdir', workdir],
  ]);

/** fillWord's reasons speak of a command template's words and parameters: say it of the batch template. */
const templateError = (reason: string): string => {
  const known = `not one of ${BATCH_TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`;
  const said = reason.replace(/ in the command template word .*?( \(|$)/s, '$1').replace("which the job's parameters do not have", known);
  return said.startsWith('the command template ') ? `the SLURM batch script template ${said.slice('the command template '.length)}` : `the SLURM batch script template: ${said}`;
};

/** A user's batch script template filled for one job: `{command}` is the job's argv, quoted for the shell. */
export const templatedBatchScript = (template: string, claimed: ClaimedJob, argv: readonly string[], workdir: string): E.Either<string, string> =>
  pipe(
    fillWord(template, templateValues(claimed, argv, workdir)),
    E.mapLeft(templateError),
  );

/** Checks a template once, at start: every placeholder known, braces balanced, `{command}` present. */
export const checkBatchTemplate = (template: string): E.Either<string, string> => {
  if (!/(^|[^{])\{command\}/.test(template)) return E.left('the SLURM batch script template has no {command}: the job would not run');
  const sample = new Map(BATCH_TEMPLATE_PLACEHOLDERS.map((name) => [name, '']));
  return pipe(
    fillWord(template, sample),
    E.mapLeft(templateError),
    E.map(() => template),
  );
};

/** `--parsable` prints `<id>` or `<id>;<cluster>`. */
export const parseSbatchId = (stdout: string): string | null => {
  const id = stdout.trim().split(';')[0] ?? '';
  return /^\d+(_\d+)?$/.test(id) ? id : null;
};
