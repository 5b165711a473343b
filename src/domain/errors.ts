import type { JobStatus } from './job-status.js';

/** Expected failures of the domain and its use cases: values, never exceptions. */
export type DomainError =
  | ValidationFailed
  | ProjectNotFound
  | TaskNotFound
  | JobNotFound
  | WorkerNotFound
  | NameTaken
  | IllegalTransition
  | LeaseLost
  | CycleDetected
  | UnknownDependency
  | CrossProjectDependency
  | HasDependents;

export interface ValidationFailed { readonly _tag: 'ValidationFailed'; readonly field: string; readonly message: string }
export interface ProjectNotFound { readonly _tag: 'ProjectNotFound'; readonly key: number | string; readonly message: string }
export interface TaskNotFound { readonly _tag: 'TaskNotFound'; readonly key: number | string; readonly message: string }
export interface JobNotFound { readonly _tag: 'JobNotFound'; readonly jobId: number; readonly message: string }
export interface WorkerNotFound { readonly _tag: 'WorkerNotFound'; readonly workerId: string; readonly message: string }
export interface NameTaken { readonly _tag: 'NameTaken'; readonly entity: 'project' | 'task'; readonly name: string; readonly message: string }
export interface IllegalTransition {
  readonly _tag: 'IllegalTransition';
  readonly jobId: number;
  readonly from: JobStatus;
  readonly request: string;
  /** Why it is refused beyond the state itself, if anything. */
  readonly why: string;
  readonly message: string;
}
export interface LeaseLost { readonly _tag: 'LeaseLost'; readonly jobId: number; readonly reporter: string | null; readonly message: string }
export interface CycleDetected { readonly _tag: 'CycleDetected'; readonly path: readonly string[]; readonly message: string }
export interface UnknownDependency { readonly _tag: 'UnknownDependency'; readonly reference: string; readonly message: string }
export interface CrossProjectDependency {
  readonly _tag: 'CrossProjectDependency';
  readonly dependencyId: number;
  readonly dependencyProjectId: number;
  readonly projectId: number;
  readonly message: string;
}
export interface HasDependents { readonly _tag: 'HasDependents'; readonly jobId: number; readonly dependents: readonly number[]; readonly message: string }

export const validationFailed = (field: string, message: string): ValidationFailed => ({ _tag: 'ValidationFailed', field, message });

export const projectNotFound = (key: number | string): ProjectNotFound => ({
  _tag: 'ProjectNotFound',
  key,
  message: typeof key === 'number' ? `Project with id ${key} not found.` : `Project with name '${key}' not found.`,
});

export const taskNotFound = (key: number | string, projectId?: number): TaskNotFound => ({
  _tag: 'TaskNotFound',
  key,
  message:
    typeof key === 'number'
      ? `Task with id ${key} not found${projectId === undefined ? '' : ` in project ${projectId}`}.`
      : `Task with name '${key}' not found${projectId === undefined ? '' : ` in project ${projectId}`}.`,
});

export const jobNotFound = (jobId: number): JobNotFound => ({ _tag: 'JobNotFound', jobId, message: `Job with id ${jobId} not found.` });

export const workerNotFound = (workerId: string): WorkerNotFound => ({
  _tag: 'WorkerNotFound',
  workerId,
  message: `Client with id '${workerId}' not found.`,
});

export const nameTaken = (entity: 'project' | 'task', name: string, scope = ''): NameTaken => ({
  _tag: 'NameTaken',
  entity,
  name,
  message: `A ${entity} named '${name}' already exists${scope}.`,
});

export const illegalTransition = (jobId: number, from: JobStatus, request: string, why = ''): IllegalTransition => ({
  _tag: 'IllegalTransition',
  jobId,
  from,
  request,
  why,
  message: `Job ${jobId} is ${from}: cannot ${request}${why ? ` (${why})` : ''}.`,
});

export const leaseLost = (jobId: number, reporter: string | null, holder: string | null): LeaseLost => ({
  _tag: 'LeaseLost',
  jobId,
  reporter,
  message:
    holder === null
      ? `Job ${jobId} is not leased to '${reporter ?? 'anonymous'}': its lease was lost.`
      : `Job ${jobId} is leased to '${holder}', not to '${reporter ?? 'anonymous'}'.`,
});

export const cycleDetected = (path: readonly string[]): CycleDetected => ({
  _tag: 'CycleDetected',
  path,
  message: `Circular dependency detected: ${path.join(' -> ')}.`,
});

/** `why` says what may have become of it, when something can. */
export const unknownDependency = (reference: string, why = ''): UnknownDependency => ({
  _tag: 'UnknownDependency',
  reference,
  message: `Dependency ${reference} does not exist.${why === '' ? '' : ` ${why}`}`,
});

export const crossProjectDependency = (dependencyId: number, dependencyProjectId: number, projectId: number): CrossProjectDependency => ({
  _tag: 'CrossProjectDependency',
  dependencyId,
  dependencyProjectId,
  projectId,
  message: `Dependency job ${dependencyId} belongs to project ${dependencyProjectId}, not to project ${projectId}.`,
});

export const hasDependents = (jobId: number, dependents: readonly number[]): HasDependents => ({
  _tag: 'HasDependents',
  jobId,
  dependents,
  message: `Job ${jobId} cannot be deleted: jobs ${dependents.join(', ')} still wait for it (cancel or delete them first).`,
});
