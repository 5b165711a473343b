import * as E from 'fp-ts/lib/Either.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Executor, Outcome, RunContext } from '../../../../application/ports/executor.port.js';
import type { ClaimedJob } from '../../../../application/ports/job-source.port.js';
import { jobArgv, type CommandStyle } from '../command/job-argv.js';
import { jobEnvironment } from '../job-environment.js';
import { readLogTail } from '../log-tail.js';
import type { RemoteState } from '../remote/remote-state.js';
import { runCommand } from '../remote/run-command.js';
import { runOnBatchSystem, type BatchSystem, type PollSettings } from '../remote/run-remote.js';
import { logPathOf } from '../subprocess/subprocess-executor.js';
import { batchScript, parseSbatchId, sbatchArgs, templatedBatchScript } from './sbatch-submission.js';
import { parseScontrolJob, parseSqueueState, slurmState } from './slurm-state.js';

export interface SlurmSettings extends CommandStyle, PollSettings {
  /** Batch scripts and job output; must be visible to the compute nodes (a shared file system). */
  readonly logDir: string;
  readonly workdir: string;
  readonly partition: string | null;
  readonly extraArgs: readonly string[];
  readonly extraEnv: Readonly<Record<string, string>>;
  /** The batch script's template (checked with checkBatchTemplate), or null for a script that only execs the job. */
  readonly batchTemplate: string | null;
  readonly binaries: { readonly sbatch: string; readonly scontrol: string; readonly squeue: string; readonly scancel: string };
  /** Told each SLURM job id as it is submitted (for logs and tests). */
  readonly onSubmitted?: (jobId: number, slurmId: string) => void;
}

export const SLURM_BINARIES = { sbatch: 'sbatch', scontrol: 'scontrol', squeue: 'squeue', scancel: 'scancel' } as const;

interface Submitted {
  readonly slurmId: string;
  readonly logPath: string;
}

/**
 * Runs each job as a SLURM batch job: `sbatch` of a script that execs the job's argv, with its
 * resources as `--cpus-per-task`, `--gres=gpu:N`, `--mem`, `--time`; polls `scontrol` (or
 * `squeue`), and `scancel`s it when told to stop. SLURM places GPUs itself (it sets
 * CUDA_VISIBLE_DEVICES on the node), so the worker's accelerator indices are not passed on.
 */
export class SlurmExecutor implements Executor {
  private readonly system: BatchSystem<Submitted>;

  constructor(private readonly settings: SlurmSettings) {
    this.system = {
      submit: (claimed) => this.submit(claimed),
      state: (submitted) => this.state(submitted.slurmId),
      cancel: async (submitted) => {
        await runCommand(settings.binaries.scancel, [submitted.slurmId]);
      },
      logTail: (submitted) => readLogTail(submitted.logPath),
    };
  }

  run(claimed: ClaimedJob, context: RunContext): Promise<Outcome> {
    return runOnBatchSystem(this.system, claimed, context, this.settings);
  }

  private async submit(claimed: ClaimedJob): Promise<E.Either<string, Submitted>> {
    const argv = jobArgv(claimed, this.settings);
    if (E.isLeft(argv)) return argv;
    await mkdir(this.settings.logDir, { recursive: true });
    const scriptPath = join(this.settings.logDir, `job-${claimed.job.id}.sbatch`);
    const script = this.settings.batchTemplate === null ? E.right(batchScript(argv.right)) : templatedBatchScript(this.settings.batchTemplate, claimed, argv.right, this.settings.workdir);
    if (E.isLeft(script)) return script;
    await writeFile(scriptPath, script.right, { mode: 0o755 });
    const logPath = logPathOf(this.settings.logDir, claimed.job.id);
    const args = sbatchArgs(claimed, { scriptPath, logPath, workdir: this.settings.workdir, partition: this.settings.partition, extraArgs: this.settings.extraArgs });
    // sbatch hands its environment to the job (--export=ALL): the job's id travels that way.
    const env = jobEnvironment(process.env, claimed, null, { acceleratorVariable: null, extra: this.settings.extraEnv });
    const result = await runCommand(this.settings.binaries.sbatch, args, { env });
    const slurmId = result.code === 0 ? parseSbatchId(result.stdout) : null;
    if (slurmId === null) return E.left(`sbatch refused the job (exit ${result.code}): ${(result.stderr || result.stdout).trim().slice(0, 500)}`);
    this.settings.onSubmitted?.(claimed.job.id, slurmId);
    return E.right({ slurmId, logPath });
  }

  /**
   * `scontrol show job` knows ExitCode; `squeue` still answers when scontrol has purged the job.
   * A controller that does not answer throws (the poll tolerates a few), an unknown job is gone.
   */
  private async state(slurmId: string): Promise<RemoteState> {
    const shown = await runCommand(this.settings.binaries.scontrol, ['show', 'job', '-o', slurmId]);
    const info = shown.code === 0 ? parseScontrolJob(shown.stdout) : null;
    if (info !== null) return slurmState(slurmId, info);
    if (shown.code !== 0 && !/invalid job id/i.test(shown.stderr)) throw new Error(`scontrol show job ${slurmId}: ${shown.stderr.trim()}`);
    const listed = await runCommand(this.settings.binaries.squeue, ['-h', '-j', slurmId, '-t', 'all', '-o', '%T']);
    return slurmState(slurmId, listed.code === 0 ? parseSqueueState(listed.stdout) : null);
  }
}
