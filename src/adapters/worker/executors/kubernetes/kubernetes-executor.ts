import * as E from 'fp-ts/lib/Either.js';
import { randomBytes } from 'node:crypto';
import type { Executor, Outcome, RunContext } from '../../../../application/ports/executor.port.js';
import type { ClaimedJob } from '../../../../application/ports/job-source.port.js';
import { jobArgv, type CommandStyle } from '../command/job-argv.js';
import { jobIdentityEnvironment } from '../job-environment.js';
import type { RemoteState } from '../remote/remote-state.js';
import { commandOutput, runCommand } from '../remote/run-command.js';
import { runOnBatchSystem, type BatchSystem, type PollSettings } from '../remote/run-remote.js';
import { TAIL_LINES } from '../log-tail.js';
import { jobManifest, kubernetesJobName } from './job-manifest.js';
import { kubernetesJobState, podExitCode } from './kubernetes-status.js';

export interface KubernetesSettings extends CommandStyle, PollSettings {
  readonly image: string;
  readonly namespace: string | null;
  readonly kubectl: string;
  readonly extraEnv: Readonly<Record<string, string>>;
}

/**
 * Runs each job as a Kubernetes Job (`kubectl apply -f -` of a batch/v1 manifest), polls
 * `kubectl get job`, deletes it when told to stop. The cluster schedules the GPUs.
 */
export class KubernetesExecutor implements Executor {
  private readonly system: BatchSystem<string>;

  constructor(private readonly settings: KubernetesSettings) {
    this.system = {
      submit: (claimed) => this.submit(claimed),
      state: (name) => this.state(name),
      cancel: async (name) => {
        await runCommand(settings.kubectl, [...this.namespaceArgs(), 'delete', 'job', name, '--wait=false']);
      },
      logTail: async (name) => {
        const logs = await runCommand(settings.kubectl, [...this.namespaceArgs(), 'logs', `job/${name}`, `--tail=${TAIL_LINES}`]);
        return logs.code === 0 && logs.stdout.trim() !== '' ? logs.stdout.trimEnd() : null;
      },
    };
  }

  run(claimed: ClaimedJob, context: RunContext): Promise<Outcome> {
    return runOnBatchSystem(this.system, claimed, context, this.settings);
  }

  private namespaceArgs(): string[] {
    return this.settings.namespace === null ? [] : ['--namespace', this.settings.namespace];
  }

  private async submit(claimed: ClaimedJob): Promise<E.Either<string, string>> {
    const argv = jobArgv(claimed, this.settings);
    if (E.isLeft(argv)) return argv;
    const name = kubernetesJobName(claimed, randomBytes(3).toString('hex'));
    const env = jobIdentityEnvironment(claimed, this.settings.extraEnv);
    const manifest = jobManifest(claimed, argv.right, { name, image: this.settings.image, namespace: this.settings.namespace, env });
    const applied = await runCommand(this.settings.kubectl, ['apply', '-f', '-'], { input: JSON.stringify(manifest) });
    return applied.code === 0 ? E.right(name) : E.left(`kubectl apply refused the job (exit ${applied.code}): ${applied.stderr.trim().slice(0, 500)}`);
  }

  private async state(name: string): Promise<RemoteState> {
    const job = await runCommand(this.settings.kubectl, [...this.namespaceArgs(), 'get', 'job', name, '-o', 'json']);
    if (job.code !== 0) {
      if (/NotFound/i.test(job.stderr)) return { kind: 'gone' };
      throw new Error(`kubectl get job ${name}: ${job.stderr.trim()}`);
    }
    const state = kubernetesJobState(name, JSON.parse(job.stdout));
    if (state.kind !== 'failed') return state;
    const pods = await commandOutput(this.settings.kubectl, [...this.namespaceArgs(), 'get', 'pods', '-l', `job-name=${name}`, '-o', 'json']).catch(() => '{}');
    return { ...state, exitCode: podExitCode(JSON.parse(pods)) };
  }
}
