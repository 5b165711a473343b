/**
 * The SDK for a remote WhatsNext server, in the original Python client's roles: a Server holds
 * Projects, which hold Tasks and Jobs and are served by Clients (workers) that run jobs with an
 * Executor. Every call answers an fp-ts `Either`: Right with the value, Left with an SdkError.
 */
export { Server, type ServerOptions } from './server.js';
export { Project } from './project.js';
export { Job } from './job.js';
export type { Task } from './task.js';
export { Client, type ClientOptions, type WorkOptions, type WorkSummary } from './client.js';
export type { WaitOptions } from './wait-for-jobs.js';
export type { SdkError, ClientError } from './sdk-error.js';
export { functionExecutor, subprocessExecutor, succeeded, failed, type Executor, type Outcome, type RunContext, type ClaimedJob, type SubprocessOptions } from './executors.js';
export type { JobInput, TaskInput, DependencyInput, ProjectOptions } from '../embedding/embedding-inputs.js';
export type { JobContext, JobHandler } from '../worker/executors/function-executor.js';
export type { WorkerEvent } from '../worker/worker-events.js';
