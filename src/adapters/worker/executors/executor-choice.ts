import * as E from 'fp-ts/lib/Either.js';
import type { Executor } from '../../../application/ports/executor.port.js';
import type { CommandStyle } from './command/job-argv.js';
import { KubernetesExecutor } from './kubernetes/kubernetes-executor.js';
import { RunaiExecutor } from './runai/runai-executor.js';
import { SLURM_BINARIES, SlurmExecutor } from './slurm/slurm-executor.js';
import { SubprocessExecutor } from './subprocess/subprocess-executor.js';

export const EXECUTOR_KINDS = ['subprocess', 'slurm', 'runai', 'k8s'] as const;
export type ExecutorKind = (typeof EXECUTOR_KINDS)[number];

export const isExecutorKind = (text: string): text is ExecutorKind => (EXECUTOR_KINDS as readonly string[]).includes(text);

/** The original WhatsNext's formatter names that differ from ours. */
export const FORMATTER_ALIASES: Readonly<Record<string, ExecutorKind>> = { cli: 'subprocess', kubernetes: 'k8s' };

/** The executor a name stands for (ours or the original's, any case), or null for an unknown name. */
export const executorKindOf = (name: string): ExecutorKind | null => {
  const lower = name.toLowerCase();
  const kind = FORMATTER_ALIASES[lower] ?? lower;
  return isExecutorKind(kind) ? kind : null;
};

/** Everything any executor may need; each takes its part. */
export interface ExecutorOptions extends CommandStyle {
  readonly kind: ExecutorKind;
  readonly logDir: string;
  readonly workdir: string;
  readonly killGraceMs: number;
  /** Variable naming a local job's accelerators (subprocess only); null sets none. */
  readonly acceleratorVariable: string | null;
  /** The container image (runai, k8s). */
  readonly image: string | null;
  /** SLURM partition, Kubernetes namespace or Run:ai project. */
  readonly partition: string | null;
  readonly namespace: string | null;
  readonly runaiProject: string | null;
  /** Given to sbatch or `runai submit` as they are, after the job's own options. */
  readonly submitArgs: readonly string[];
  /** Added to every job's environment. */
  readonly extraEnv: Readonly<Record<string, string>>;
  /** The SLURM batch script template, or null. */
  readonly batchTemplate: string | null;
  /** How often a batch system is asked about a submitted job. */
  readonly pollMs: number;
  readonly onSubmitted?: (jobId: number, remoteId: string) => void;
}

/** The executor of a kind, or Left with what is missing for it. */
export const createExecutor = (options: ExecutorOptions): E.Either<string, Executor> => {
  const style: CommandStyle = { executable: options.executable, script: options.script };
  const polling = { pollMs: options.pollMs, cancelWaitMs: options.killGraceMs + 30_000 };
  switch (options.kind) {
    case 'subprocess':
      return E.right(
        new SubprocessExecutor({ ...style, logDir: options.logDir, workdir: options.workdir, killGraceMs: options.killGraceMs, acceleratorVariable: options.acceleratorVariable, extra: options.extraEnv }),
      );
    case 'slurm':
      return E.right(
        new SlurmExecutor({
          ...style,
          ...polling,
          logDir: options.logDir,
          workdir: options.workdir,
          partition: options.partition,
          extraArgs: options.submitArgs,
          extraEnv: options.extraEnv,
          batchTemplate: options.batchTemplate,
          binaries: SLURM_BINARIES,
          ...(options.onSubmitted ? { onSubmitted: options.onSubmitted } : {}),
        }),
      );
    case 'runai':
      if (options.image === null) return E.left('the runai executor needs --image');
      return E.right(new RunaiExecutor({ ...style, ...polling, image: options.image, project: options.runaiProject, runai: 'runai', extraArgs: options.submitArgs, extraEnv: options.extraEnv }));
    case 'k8s':
      if (options.image === null) return E.left('the k8s executor needs --image');
      return E.right(new KubernetesExecutor({ ...style, ...polling, image: options.image, namespace: options.namespace, kubectl: 'kubectl', extraEnv: options.extraEnv }));
  }
};
