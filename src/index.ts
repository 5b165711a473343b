/** The package's public entry: embed the scheduler, or build on its parts. */
export { createWhatsNext, type WhatsNextOptions } from './bin/create-whatsnext.js';
export { WhatsNext, type InProcessWorkerOptions, type WaitOptions } from './adapters/embedding/whatsnext.js';
export type { JobInput, TaskInput, DependencyInput, ProjectOptions } from './adapters/embedding/embedding-inputs.js';
export type { JobContext, JobHandler } from './adapters/worker/executors/function-executor.js';
export type { WorkerEvent } from './adapters/worker/worker-events.js';
export type { Job } from './domain/job.js';
export type { JobStatus } from './domain/job-status.js';
export type { Project } from './domain/project.js';
export type { Task } from './domain/task.js';
export type { DomainError } from './domain/errors.js';
/** The SDK for a remote server (`sdk.Server`, `sdk.Project`, `sdk.Job`, `sdk.Client`); also `whatsnext/sdk`. */
export * as sdk from './adapters/sdk/sdk.js';
export type { Executor, Outcome, RunContext, ClaimedJob } from './adapters/sdk/executors.js';
