import { resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Executor } from '../../application/ports/executor.port.js';
import { createExecutor } from '../worker/executors/executor-choice.js';
import { FunctionExecutor, type JobHandler } from '../worker/executors/function-executor.js';
import { DEFAULT_ACCELERATOR_VARIABLE } from '../worker/executors/job-environment.js';

/**
 * The executor contract is the worker's own port: a custom executor (the original's
 * "Formatter") is interchangeable with the built-in ones. `run` gets the claimed job (its
 * parameters as the exact JSON text) and its task, plus the accelerators reserved for it and a
 * stop signal; it resolves with an Outcome (`succeeded()` / `failed(reason, exitCode)`). A throw
 * or rejection fails the job with the error's message.
 */
export type { Executor, Outcome, RunContext } from '../../application/ports/executor.port.js';
export type { ClaimedJob } from '../../application/ports/job-source.port.js';
export { succeeded, failed } from '../worker/executors/outcomes.js';

/** Runs each job by calling the function registered for its task's name (as the embedding API's workers). */
export const functionExecutor = (handlers: Readonly<Record<string, JobHandler>>): Executor => new FunctionExecutor(handlers);

export interface SubprocessOptions {
  /** Run when a task has no command template: `executable [script] --key value …` (default `python`). */
  readonly executable?: string;
  readonly script?: string | null;
  /** One `job-<id>.log` per job (default `./whatsnext-logs`). */
  readonly logDir?: string;
  readonly workdir?: string;
  /** Added to every job's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** After a stop, a job gets this long to exit before it is killed (default 5 s). */
  readonly killGraceMs?: number;
}

/**
 * The original's CLIFormatter: each job runs as a local process, its task's command template
 * filled with the parameters, or `executable [script] --key value …`.
 */
export const subprocessExecutor = (options: SubprocessOptions = {}): Executor => {
  const executor = createExecutor({
    kind: 'subprocess',
    executable: options.executable ?? 'python',
    script: options.script ?? null,
    logDir: resolve(options.logDir ?? 'whatsnext-logs'),
    workdir: resolve(options.workdir ?? '.'),
    killGraceMs: options.killGraceMs ?? 5_000,
    acceleratorVariable: DEFAULT_ACCELERATOR_VARIABLE,
    image: null,
    partition: null,
    namespace: null,
    runaiProject: null,
    submitArgs: [],
    extraEnv: options.env ?? {},
    batchTemplate: null,
    pollMs: 2_000,
  });
  // The subprocess kind needs nothing it could lack.
  if (E.isLeft(executor)) throw new Error(executor.left);
  return executor.right;
};

