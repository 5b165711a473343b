import { dirname, resolve } from 'node:path';
import { CliFailure } from '../shared/cli-failure.js';
import type { ConfigFile } from './config-file.js';

/** The worker's defaults from `.whatsnext` (the original's `client:` and `formatter:` sections); flags win over them. */
export interface WorkerConfig {
  readonly name?: string;
  readonly entity?: string;
  readonly cpus?: number;
  readonly accelerators?: number;
  /** `formatter.type` as written (cli, slurm, runai, or one of our executor names). */
  readonly formatter?: string;
  readonly executable?: string;
  readonly script?: string;
  readonly workdir?: string;
  readonly partition?: string;
  readonly image?: string;
  /** Run:ai project or Kubernetes namespace. */
  readonly namespace?: string;
  /** The SLURM batch script template's path (relative to the file's directory, made absolute). */
  readonly template?: string;
  /** Given to sbatch or `runai submit` as they are, after the job's own options. */
  readonly submitArgs: readonly string[];
  /** Added to every job's environment. */
  readonly environment: Readonly<Record<string, string>>;
  readonly warnings: readonly string[];
}

type Section = Record<string, unknown>;

const isRecord = (value: unknown): value is Section => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads one section's keys, each through its decoder, and says which keys it did not know. */
class SectionReader {
  readonly warnings: string[] = [];
  constructor(private readonly path: string) {}

  section(value: unknown, key: string): Section {
    if (value === undefined || value === null) return {};
    if (!isRecord(value)) throw new CliFailure(`${this.path}: ${key} must be a mapping`);
    return value;
  }

  warnUnknown(section: Section, known: readonly string[], prefix: string): void {
    for (const key of Object.keys(section)) if (!known.includes(key)) this.warnings.push(`${this.path}: unknown key '${prefix}${key}' (ignored)`);
  }

  text(section: Section, key: string, prefix: string): string | undefined {
    const value = section[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    throw new CliFailure(`${this.path}: ${prefix}${key} must be a string, got ${JSON.stringify(value)}`);
  }

  count(section: Section, key: string, prefix: string): number | undefined {
    const value = section[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
    throw new CliFailure(`${this.path}: ${prefix}${key} must be a whole number of 0 or more, got ${JSON.stringify(value)}`);
  }

  words(section: Section, key: string, prefix: string): string[] {
    const value = section[key];
    if (value === undefined || value === null) return [];
    if (Array.isArray(value) && value.every((word) => typeof word === 'string')) return value as string[];
    throw new CliFailure(`${this.path}: ${prefix}${key} must be a list of strings`);
  }

  environment(section: Section, key: string, prefix: string): Record<string, string> {
    const value = this.section(section[key], `${prefix}${key}`);
    const env: Record<string, string> = {};
    for (const [name, item] of Object.entries(value)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new CliFailure(`${this.path}: ${prefix}${key}.${name} is not a variable name`);
      if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') throw new CliFailure(`${this.path}: ${prefix}${key}.${name} must be a string`);
      env[name] = String(item);
    }
    return env;
  }
}

const CLIENT_KEYS = ['name', 'entity', 'cpus', 'accelerators'] as const;
const FORMATTER_KEYS = ['type', 'cli', 'slurm', 'runai', 'k8s'] as const;
const CLI_KEYS = ['executable', 'script', 'working_dir', 'environment'] as const;
const SLURM_KEYS = ['partition', 'time', 'nodes', 'cpus_per_task', 'mem', 'gpus', 'extra_args', 'template', 'environment'] as const;
const RUNAI_KEYS = ['project', 'image', 'gpu', 'cpu', 'memory', 'working_dir', 'environment', 'extra_args'] as const;
const K8S_KEYS = ['image', 'namespace', 'environment'] as const;

const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/**
 * The original's SlurmFormatter options as sbatch arguments (after the job's own, so they win):
 * time, nodes, cpus_per_task, mem, gpus; then `extra_args` as written.
 */
const slurmArgs = (read: SectionReader, slurm: Section): string[] => {
  const p = 'formatter.slurm.';
  const time = read.text(slurm, 'time', p);
  const nodes = read.count(slurm, 'nodes', p);
  const cpus = read.count(slurm, 'cpus_per_task', p);
  const mem = read.text(slurm, 'mem', p);
  const gpus = read.count(slurm, 'gpus', p);
  return [
    ...(time === undefined ? [] : [`--time=${time}`]),
    ...(nodes === undefined ? [] : [`--nodes=${nodes}`]),
    ...(cpus === undefined ? [] : [`--cpus-per-task=${cpus}`]),
    ...(mem === undefined ? [] : [`--mem=${mem}`]),
    ...(gpus === undefined || gpus === 0 ? [] : [`--gres=gpu:${gpus}`]),
    ...read.words(slurm, 'extra_args', p),
  ];
};

/** The original's RUNAIFormatter options as `runai submit` arguments: gpu, cpu, memory, working_dir; then `extra_args`. */
const runaiArgs = (read: SectionReader, runai: Section): string[] => {
  const p = 'formatter.runai.';
  const gpu = read.count(runai, 'gpu', p);
  const cpu = read.count(runai, 'cpu', p);
  const memory = read.text(runai, 'memory', p);
  const workingDir = read.text(runai, 'working_dir', p);
  return [
    ...(gpu === undefined ? [] : ['--gpu', String(gpu)]),
    ...(cpu === undefined ? [] : ['--cpu', String(cpu)]),
    ...(memory === undefined ? [] : ['--memory', memory]),
    ...(workingDir === undefined ? [] : ['--working-dir', workingDir]),
    ...read.words(runai, 'extra_args', p),
  ];
};

/** A path of the file relative to its directory, so a template beside a project's `.whatsnext` is found from any directory below it. */
const besideFile = (filePath: string, path: string | undefined): string | undefined => (path === undefined ? undefined : resolve(dirname(filePath), path));

/**
 * Decodes the `client:` and `formatter:` sections. Only the section of the formatter that runs is
 * applied: `formatterFlag` (the worker's `-f`) when given, else `formatter.type`, as the original does.
 */
export const workerConfig = (file: ConfigFile | null, formatterFlag?: string): WorkerConfig => {
  if (file === null) return { submitArgs: [], environment: {}, warnings: [] };
  const read = new SectionReader(file.path);
  const client = read.section(file.client, 'client');
  read.warnUnknown(client, CLIENT_KEYS, 'client.');
  const formatter = read.section(file.formatter, 'formatter');
  read.warnUnknown(formatter, FORMATTER_KEYS, 'formatter.');
  const cli = read.section(formatter['cli'], 'formatter.cli');
  const slurm = read.section(formatter['slurm'], 'formatter.slurm');
  const runai = read.section(formatter['runai'], 'formatter.runai');
  const k8s = read.section(formatter['k8s'], 'formatter.k8s');
  read.warnUnknown(cli, CLI_KEYS, 'formatter.cli.');
  read.warnUnknown(slurm, SLURM_KEYS, 'formatter.slurm.');
  read.warnUnknown(runai, RUNAI_KEYS, 'formatter.runai.');
  read.warnUnknown(k8s, K8S_KEYS, 'formatter.k8s.');
  const type = read.text(formatter, 'type', 'formatter.')?.toLowerCase();
  const chosen = formatterFlag?.toLowerCase() ?? type;
  const kind = chosen === undefined || chosen === 'cli' || chosen === 'subprocess' ? 'cli' : chosen;
  const bySection =
    kind === 'slurm'
      ? {
          partition: read.text(slurm, 'partition', 'formatter.slurm.'),
          template: besideFile(file.path, read.text(slurm, 'template', 'formatter.slurm.')),
          submitArgs: slurmArgs(read, slurm),
          environment: read.environment(slurm, 'environment', 'formatter.slurm.'),
        }
      : kind === 'runai'
        ? {
            image: read.text(runai, 'image', 'formatter.runai.'),
            namespace: read.text(runai, 'project', 'formatter.runai.'),
            submitArgs: runaiArgs(read, runai),
            environment: read.environment(runai, 'environment', 'formatter.runai.'),
          }
        : kind === 'k8s' || kind === 'kubernetes'
          ? {
              image: read.text(k8s, 'image', 'formatter.k8s.'),
              namespace: read.text(k8s, 'namespace', 'formatter.k8s.'),
              submitArgs: [],
              environment: read.environment(k8s, 'environment', 'formatter.k8s.'),
            }
          : {
              executable: read.text(cli, 'executable', 'formatter.cli.'),
              script: read.text(cli, 'script', 'formatter.cli.'),
              workdir: read.text(cli, 'working_dir', 'formatter.cli.'),
              submitArgs: [],
              environment: read.environment(cli, 'environment', 'formatter.cli.'),
            };
  return defined({
    name: read.text(client, 'name', 'client.'),
    entity: read.text(client, 'entity', 'client.'),
    cpus: read.count(client, 'cpus', 'client.'),
    accelerators: read.count(client, 'accelerators', 'client.'),
    formatter: type,
    ...bySection,
    warnings: read.warnings,
  });
};
