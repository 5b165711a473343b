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

/** Runs each job by calling the JavaScript function registered for its task: the embedded case. */
export class FunctionExecutor implements Executor {
  constructor(private readonly handlers: Readonly<Record<string, JobHandler>>) {}

  async run({ job, task }: ClaimedJob, context: RunContext): Promise<Outcome> {
    const handler = Object.hasOwn(this.handlers, task.name) ? this.handlers[task.name] : undefined;
    if (handler === undefined) return { ok: false, exitCode: null, reason: `no handler for task '${task.name}'`, logTail: null };
    try {
      await handler({
        jobId: job.id,
        jobName: job.name,
        taskName: task.name,
        parameters: JSON.parse(job.parameters) as Record<string, unknown>,
        parametersText: job.parameters,
        acceleratorIndices: context.acceleratorIndices,
        signal: context.stop,
      });
      return { ok: true, logTail: null };
    } catch (error) {
      return { ok: false, exitCode: null, reason: error instanceof Error ? error.message : String(error), logTail: null };
    }
  }
}
