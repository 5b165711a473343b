import { randomBytes } from 'node:crypto';
import { availableParallelism, hostname, userInfo } from 'node:os';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'clipanion';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'typanion';
import { HttpJobSource } from '../../worker/http-job-source.js';
import { createExecutor, EXECUTOR_KINDS, executorKindOf, FORMATTER_ALIASES } from '../../worker/executors/executor-choice.js';
import { DEFAULT_ACCELERATOR_VARIABLE } from '../../worker/executors/job-environment.js';
import { DEFAULT_WORKER_SETTINGS, heartbeatIntervalFor, type WorkerSettings } from '../../worker/worker-settings.js';
import { Worker } from '../../worker/worker.js';
import { summaryText, WorkerTally } from '../../worker/worker-tally.js';
import { CliFailure, usageError } from '../shared/cli-failure.js';
import { workerConfig } from '../config/worker-config.js';
import { checkBatchTemplate } from '../../worker/executors/slurm/sbatch-submission.js';
import { findProject } from '../shared/lookups.js';
import { countValidator, NetworkedCommand, oneOf } from '../shared/networked-command.js';
import { untilSignal } from '../until-signal.js';
import { WORKER_LOG_FORMATS, WorkerLog, type WorkerLogFormat } from './worker-log.js';

const seconds = t.cascade(t.isNumber(), [t.isAtLeast(0)]);
const positiveSeconds = t.cascade(t.isNumber(), [t.isAtLeast(0.1)]);
const atLeastOne = t.cascade(t.isNumber(), [t.isInteger(), t.isAtLeast(1)]);

/** Worker ids allow letters, digits, '_' and '-': the host name, made safe, and a random part. */
const defaultWorkerId = (): string => `${hostname().replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 60)}-${randomBytes(4).toString('hex')}`;

/** `--env NAME=VALUE` flags as a mapping; a malformed one is a usage error naming it. */
const environmentFlags = (flags: readonly string[]): Record<string, string> => {
  const env: Record<string, string> = {};
  for (const flag of flags) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(flag);
    if (match === null) throw usageError(`--env ${JSON.stringify(flag)}: expected NAME=VALUE`);
    env[match[1]!] = match[2]!;
  }
  return env;
};

/** The SLURM template file's text, checked once so that a bad one stops the worker before it claims anything. */
const readBatchTemplate = (path: string): string => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliFailure(`cannot read the SLURM batch script template ${path}: ${(error as Error).message}`);
  }
  const checked = checkBatchTemplate(text);
  if (E.isLeft(checked)) throw new CliFailure(`${path}: ${checked.left}`);
  return checked.right;
};

export class WorkerCommand extends NetworkedCommand {
  static override paths = [['worker']];

  static override usage = Command.Usage({
    category: 'Workers',
    description: 'Run a worker: claim the jobs that fit this machine and run them',
    details: `
      Registers with the server, then claims jobs of the project that fit its free capacity
      (\`--cpus\`, \`--accelerators\`, \`--memory\`), up to \`--concurrency\` at once, each with its
      own accelerator indices (in \`CUDA_VISIBLE_DEVICES\`, see \`--accelerator-env\`).

      A job runs its task's command template, or — as the original WhatsNext CLIFormatter —
      \`EXECUTABLE [SCRIPT] --key value …\` from its parameters (values as Python prints them). It
      runs as a local process (\`subprocess\`, output in \`--log-dir\`), a SLURM batch job
      (\`slurm\`), a Run:ai job (\`runai\`) or a Kubernetes Job (\`k8s\`, both need \`--image\`).

      Claims are leases kept alive by heartbeats (every third of the server's lease, or of
      \`--lease-seconds\`): a job cancelled on the server, or whose lease was lost, is stopped
      (SIGTERM to its process group, SIGKILL after \`--kill-grace\`). SIGINT or SIGTERM stops
      claiming, gives running jobs \`--grace\` seconds to finish, stops and releases the rest back
      to the queue, and deactivates the worker.

      It prints a line per job event (\`--log-format json\`, or \`WHATSNEXT_LOG_FORMAT=json\`: one
      JSON object per line) and, at exit, a summary: jobs run, completed, failed, and the time.

      Flags win over the \`.whatsnext\` file's \`client:\` (name, entity, cpus, accelerators) and
      \`formatter:\` (type, and the options of cli, slurm, runai, k8s) sections.
    `,
    examples: [
      ['Run python train.py --lr … for each job, two at a time on 4 GPUs', '$0 worker --project vision --script train.py --accelerators 4 --concurrency 2'],
      ['Submit each job to SLURM', '$0 worker --project vision --executor slurm --script train.py --concurrency 8'],
      ['Run one job and stop', '$0 worker --project vision --once'],
      ['SLURM with a batch script template, an extra sbatch option and a variable for every job', '$0 worker -f slurm --slurm-template job.sbatch --sbatch-arg=--qos=short --env WANDB_MODE=offline'],
    ],
  });

  id = Option.String('--id', { description: 'Worker id (default: host name and a random suffix)' });
  name = Option.String('--name', { description: 'Worker name (default: the host name)' });
  entity = Option.String('-e,--entity', { description: 'Who runs it (default: the user name)' });
  cpus = Option.String('--cpus', { description: 'CPUs to offer (default: all of this machine)', validator: atLeastOne });
  acceleratorCount = Option.String('--accelerators,--accel', { description: 'Accelerators (GPUs) to offer, indices 0..N-1 (default 0)', validator: countValidator });
  memory = Option.String('--memory', { description: 'Memory to offer, in MB (default: not accounted)', validator: atLeastOne });
  executor = Option.String('-f,--formatter,--executor', {
    description: `How jobs run: ${EXECUTOR_KINDS.join(', ')} (the original's formatters cli, slurm, runai: cli is subprocess; default subprocess)`,
    validator: oneOf([...EXECUTOR_KINDS, ...Object.keys(FORMATTER_ALIASES)].map((k) => k.toUpperCase())),
  });
  executable = Option.String('--executable', { description: 'Program for jobs without a command template (default python)' });
  script = Option.String('--script', { description: 'Script passed to the executable before the parameters' });
  concurrency = Option.String('--concurrency', { description: 'Jobs at once, at most (default 1)', validator: atLeastOne });
  prefetch = Option.String('--prefetch', {
    description: 'Jobs to claim ahead of free slots, held to start at once (default 0: for many short jobs; other workers cannot take them meanwhile)',
    validator: countValidator,
  });
  once = Option.Boolean('--once', false, { description: 'Run at most one job, then stop' });
  pollInterval = Option.String('--poll-interval', { description: 'Seconds one claim waits for a job (long poll; default 5)', validator: positiveSeconds });
  logDir = Option.String('--log-dir', 'whatsnext-logs', { description: "Where jobs' output goes, one file per job (default ./whatsnext-logs)" });
  workdir = Option.String('--workdir', { description: "The jobs' working directory (default: the current one)" });
  grace = Option.String('--grace', { description: 'On SIGINT/SIGTERM, seconds running jobs get to finish (default 30)', validator: seconds });
  killGrace = Option.String('--kill-grace', { description: 'Seconds between SIGTERM and SIGKILL when a job is stopped (default 10)', validator: seconds });
  leaseSeconds = Option.String('--lease-seconds', { description: "The server's lease length (default: asked from the server)", validator: positiveSeconds });
  acceleratorEnv = Option.String('--accelerator-env', DEFAULT_ACCELERATOR_VARIABLE, { description: "Variable listing a job's accelerator indices (default CUDA_VISIBLE_DEVICES)" });
  image = Option.String('--image', { description: 'Container image (runai, k8s)' });
  partition = Option.String('--partition', { description: 'SLURM partition' });
  namespace = Option.String('--namespace', { description: 'Kubernetes namespace (k8s) or Run:ai project (runai)' });
  env = Option.Array('--env', [], { description: 'NAME=VALUE added to every job\'s environment (repeatable)' });
  submitArgs = Option.Array('--submit-arg,--sbatch-arg', [], { description: 'Argument given to sbatch or `runai submit` as it is, e.g. --sbatch-arg=--account=lab (repeatable)' });
  logFormat = Option.String('--log-format', { description: 'text (default) or json: one JSON object per line (env WHATSNEXT_LOG_FORMAT)', validator: oneOf(WORKER_LOG_FORMATS.map((f) => f.toUpperCase())) });
  slurmTemplate = Option.String('--slurm-template', { description: 'Batch script template for SLURM jobs, with {command}, {job_id}, {job_name}, {task}, {project_id}, {workdir}' });

  async execute(): Promise<number> {
    const log = new WorkerLog(this.chosenLogFormat(), this.context.stdout, this.context.stderr);
    const config = workerConfig(this.configFile(), this.executor);
    for (const warning of config.warnings) log.error(`whatsnext: warning: ${warning}`);
    const formatter = this.executor ?? config.formatter ?? 'subprocess';
    const kind = executorKindOf(formatter);
    if (kind === null) throw new CliFailure(`${this.configFile()?.path}: formatter.type '${formatter}' is not one of cli, ${EXECUTOR_KINDS.join(', ')}`);
    const accelerators = this.acceleratorCount ?? config.accelerators ?? 0;
    const concurrency = this.concurrency ?? 1;
    const graceSeconds = this.grace ?? 30;
    const killGraceMs = (this.killGrace ?? 10) * 1000;
    const templatePath = this.slurmTemplate ?? config.template;
    const executor = createExecutor({
      kind,
      executable: this.executable ?? config.executable ?? 'python',
      script: this.script ?? config.script ?? null,
      logDir: resolve(this.logDir),
      workdir: resolve(this.workdir ?? config.workdir ?? '.'),
      killGraceMs,
      acceleratorVariable: this.acceleratorEnv === '' ? null : this.acceleratorEnv,
      image: this.image ?? config.image ?? null,
      partition: this.partition ?? config.partition ?? null,
      namespace: this.namespace ?? config.namespace ?? null,
      runaiProject: this.namespace ?? config.namespace ?? null,
      submitArgs: [...config.submitArgs, ...this.submitArgs],
      extraEnv: { ...config.environment, ...environmentFlags(this.env) },
      batchTemplate: templatePath === undefined ? null : readBatchTemplate(templatePath),
      pollMs: 2_000,
      onSubmitted: (jobId, remoteId) => log.info(`job ${jobId} submitted as ${kind} job ${remoteId}`, { event: 'submitted', job_id: jobId, remote_id: remoteId }),
    });
    if (E.isLeft(executor)) throw usageError(executor.left);

    const client = this.client();
    const projectName = this.projectName();
    const project = await this.need(findProject(client, projectName), `project '${projectName}'`);
    const id = this.id ?? defaultWorkerId();
    // The original's `cpus: 0` means "no limit": offer the whole machine.
    const cpus = this.cpus ?? (config.cpus || availableParallelism());
    const source = new HttpJobSource(client, project.id, id);
    await source.register({
      id,
      name: this.name ?? config.name ?? hostname(),
      entity: this.entity ?? config.entity ?? userInfo().username,
      description: `whatsnext worker (${kind})`,
      resources: { cpu: cpus, accelerators, memoryMb: this.memory ?? 0 },
    });
    const leaseMs = this.leaseSeconds !== undefined ? this.leaseSeconds * 1000 : await source.leaseMs();
    const settings: WorkerSettings = {
      ...DEFAULT_WORKER_SETTINGS,
      cpu: cpus,
      accelerators,
      memoryMb: this.memory ?? null,
      concurrency,
      prefetch: this.once ? 0 : (this.prefetch ?? 0),
      pollIntervalMs: (this.pollInterval ?? 5) * 1000,
      heartbeatIntervalMs: heartbeatIntervalFor(leaseMs),
      once: this.once,
      shutdownGraceMs: graceSeconds * 1000,
      killGraceMs,
    };
    const tally = new WorkerTally();
    const worker = new Worker(source, executor.right, settings, (event) => {
      tally.observe(event);
      log.event(event);
    });
    log.info(
      `worker ${id} on project '${project.name}' at ${client.baseUrl}: ${cpus} CPUs, ${accelerators} accelerators` +
        `${this.memory ? `, ${this.memory} MB` : ''}, ${concurrency} at once, ${kind} executor (Ctrl-C stops it)`,
      { event: 'ready', worker: id, project: project.name, server: client.baseUrl, cpus, accelerators, memory_mb: this.memory ?? null, concurrency, executor: kind },
    );
    const signal = untilSignal();
    const first = await Promise.race([worker.run().then(() => null), signal]);
    if (first !== null) {
      log.info(`${first}: no more claims; running jobs get ${graceSeconds}s to finish, then go back to the queue`, { event: 'stopping', signal: first });
      await worker.stop();
    }
    try {
      await source.deactivate();
    } catch (error) {
      log.error(`whatsnext: ${(error as Error).message}`);
    }
    const summary = tally.summary();
    log.info(`worker ${id} stopped: ${summaryText(summary)}`, { event: 'summary', worker: id, ...summary });
    return 0;
  }

  /** The flag, else WHATSNEXT_LOG_FORMAT, else text; a bad value in the environment is named. */
  private chosenLogFormat(): WorkerLogFormat {
    const chosen = (this.logFormat ?? this.context.env['WHATSNEXT_LOG_FORMAT'] ?? 'text').toLowerCase();
    const format = WORKER_LOG_FORMATS.find((known) => known === chosen);
    if (format === undefined) throw usageError(`WHATSNEXT_LOG_FORMAT must be one of ${WORKER_LOG_FORMATS.join(', ')}, got '${chosen}'`);
    return format;
  }
}
