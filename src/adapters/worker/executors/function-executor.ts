import type { Executor, Outcome, RunContext } from '../../../application/ports/executor.port.js';
import type { ClaimedJob } from '../../../application/ports/job-source.port.js';

/** What a JavaScript job handler receives. */
export interface JobContext {
  readonly jobId: number;
  readonly jobName: string;
  readonly taskName: string;
  /** The parameters parsed with JSON.parse; `parametersText` keeps the exact original text. */
  readonly parameters: Record<string, unknown>;
  readonly parametersText: string;
  readonly acceleratorIndices: readonly number[];
  /** Aborted when the job must stop: a well-behaved handler returns soon after. */
  readonly signal: AbortSignal;
}

export type JobHandler = (context: JobContext) => unknown;

/** A class, not an object literal: V8 builds literals with a getter on a slow path. */
class HandlerContext implements JobContext {
  readonly jobId: number;
  readonly jobName: string;
  readonly parameters: Record<string, unknown>;
  readonly parametersText: string;
  readonly acceleratorIndices: readonly number[];
  readonly #run: RunContext;

  constructor(
    job: ClaimedJob['job'],
    readonly taskName: string,
    run: RunContext,
  ) {
    this.#run = run;
    this.jobId = job.id;
    this.jobName = job.name;
    this.parameters = JSON.parse(job.parameters) as Record<string, unknown>;
    this.parametersText = job.parameters;
    this.acceleratorIndices = run.acceleratorIndices;
  }

  /** Made only for a handler that reads it (see StopSwitch). */
  get signal(): AbortSignal {
    return this.#run.stop;
  }
}

const SUCCEEDED: Outcome = Object.freeze({ ok: true, logTail: null });
/** Shared by every job that succeeds at once: awaiting a settled promise does not change it. */
const SUCCEEDED_NOW = Promise.resolve(SUCCEEDED);

const failedWith = (error: unknown): Outcome => ({
  ok: false,
  exitCode: null,
  reason: error instanceof Error ? error.message : String(error),
  logTail: null,
});

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';

/**
 * Runs each job by calling the JavaScript function registered for its task: the embedded case.
 * A handler that returns at once costs no promise of its own (thousands of short jobs a second).
 */
export class FunctionExecutor implements Executor {
  constructor(private readonly handlers: Readonly<Record<string, JobHandler>>) {}

  run({ job, task }: ClaimedJob, context: RunContext): Promise<Outcome> {
    const handler = Object.hasOwn(this.handlers, task.name) ? this.handlers[task.name] : undefined;
    if (handler === undefined) return Promise.resolve({ ok: false, exitCode: null, reason: `no handler for task '${task.name}'`, logTail: null });
    try {
      const result = handler(new HandlerContext(job, task.name, context));
      return isThenable(result) ? Promise.resolve(result).then(() => SUCCEEDED, failedWith) : SUCCEEDED_NOW;
    } catch (error) {
      return Promise.resolve(failedWith(error));
    }
  }
}
