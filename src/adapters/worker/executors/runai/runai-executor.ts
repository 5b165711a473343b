import * as E from 'fp-ts/lib/Either.js';
import { randomBytes } from 'node:crypto';
import type { Executor, Outcome, RunContext } from '../../../../application/ports/executor.port.js';
import type { ClaimedJob } from '../../../../application/ports/job-source.port.js';
import { jobArgv, type CommandStyle } from '../command/job-argv.js';
import { jobIdentityEnvironment } from '../job-environment.js';
import { kubernetesJobName } from '../kubernetes/job-manifest.js';
import { TAIL_LINES } from '../log-tail.js';
import type { RemoteState } from '../remote/remote-state.js';
import { runCommand } from '../remote/run-command.js';
import { runOnBatchSystem, type BatchSystem, type PollSettings } from '../remote/run-remote.js';
import { projectArgs, runaiSubmitArgs } from './runai-submission.js';
import { runaiJobState } from './runai-status.js';

export interface RunaiSettings extends CommandStyle, PollSettings {
  readonly image: string;
  /** The Run:ai project (else the CLI's configured default). */
  readonly project: string | null;
  readonly runai: string;
  readonly extraArgs: readonly string[];
  readonly extraEnv: Readonly<Record<string, string>>;
}

/** Runs each job with `runai submit`, polls `runai describe job`, deletes it when told to stop. */
export class RunaiExecutor implements Executor {
  private readonly system: BatchSystem<string>;

  constructor(private readonly settings: RunaiSettings) {
    const project = projectArgs(settings.project);
    this.system = {
      submit: (claimed) => this.submit(claimed),
      state: (name) => this.state(name),
      cancel: async (name) => {
        await runCommand(settings.runai, ['delete', 'job', name, ...project]);
      },
      logTail: async (name) => {
        const logs = await runCommand(settings.runai, ['logs', name, ...project, '--tail', String(TAIL_LINES)]);
        return logs.code === 0 && logs.stdout.trim() !== '' ? logs.stdout.trimEnd() : null;
      },
    };
  }

  run(claimed: ClaimedJob, context: RunContext): Promise<Outcome> {
    return runOnBatchSystem(this.system, claimed, context, this.settings);
  }

  private async submit(claimed: ClaimedJob): Promise<E.Either<string, string>> {
    const argv = jobArgv(claimed, this.settings);
    if (E.isLeft(argv)) return argv;
    const name = kubernetesJobName(claimed, randomBytes(3).toString('hex'));
    const env = jobIdentityEnvironment(claimed, this.settings.extraEnv);
    const args = runaiSubmitArgs(claimed, argv.right, { name, image: this.settings.image, project: this.settings.project, env, extraArgs: this.settings.extraArgs });
    const submitted = await runCommand(this.settings.runai, args);
    return submitted.code === 0 ? E.right(name) : E.left(`runai submit refused the job (exit ${submitted.code}): ${(submitted.stderr || submitted.stdout).trim().slice(0, 500)}`);
  }

  private async state(name: string): Promise<RemoteState> {
    const described = await runCommand(this.settings.runai, ['describe', 'job', name, ...projectArgs(this.settings.project), '-o', 'json']);
    if (described.code !== 0) {
      if (/not found/i.test(described.stderr)) return { kind: 'gone' };
      throw new Error(`runai describe job ${name}: ${described.stderr.trim()}`);
    }
    return runaiJobState(name, JSON.parse(described.stdout));
  }
}
