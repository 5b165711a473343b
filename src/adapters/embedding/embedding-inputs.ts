import type { DependencyRef, JobSpec } from '../../domain/batch-plan.js';
import * as E from 'fp-ts/lib/Either.js';
import type { ValidationFailed } from '../../domain/errors.js';
import { parseRetention, type Retention } from '../../domain/retention.js';
import { DEFAULT_MAX_ATTEMPTS, type TaskFields } from '../../domain/task.js';

export interface TaskInput {
  readonly name: string;
  readonly commandTemplate?: string | null;
  readonly cpu?: number;
  readonly accelerators?: number;
  readonly memoryMb?: number;
  readonly maxAttempts?: number;
  readonly retryOnFailure?: boolean;
  readonly timeoutSeconds?: number | null;
  /** How long its finished jobs stay: `keep`, `remove_on_complete`, a period such as `30d`; null or absent: the project's. */
  readonly retention?: string | null;
}

/** How long a project keeps its finished jobs: `keep` (the default), `remove_on_complete`, a period such as `30d`. */
export interface ProjectOptions {
  readonly retention?: string;
}

/** A written retention, or the refusal naming it; absent stays absent. */
export const toRetention = (text: string | null | undefined): E.Either<ValidationFailed, Retention | null | undefined> =>
  text === undefined || text === null ? E.right(text) : parseRetention('retention', text);

/** A dependency: an existing job's id, or `{ key }` / `{ position }` of a job in the same call. */
export type DependencyInput = number | { readonly key: string } | { readonly position: number };

export interface JobInput {
  readonly key?: string;
  readonly name: string;
  readonly taskId: number;
  /** An object (serialised with JSON.stringify) or the exact JSON text to keep. */
  readonly parameters?: Readonly<Record<string, unknown>> | string;
  readonly priority?: number;
  readonly dependsOn?: readonly DependencyInput[];
}

export const toTaskFields = (input: TaskInput, retention: Retention | null): TaskFields => ({
  name: input.name,
  retention,
  commandTemplate: input.commandTemplate ?? null,
  requirements: { cpu: input.cpu ?? 1, accelerators: input.accelerators ?? 0, memoryMb: input.memoryMb ?? 0 },
  maxAttempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  retryOnFailure: input.retryOnFailure ?? false,
  timeoutSeconds: input.timeoutSeconds ?? null,
});

const toDependencyRef = (input: DependencyInput): DependencyRef =>
  typeof input === 'number' ? { kind: 'job', id: input } : 'key' in input ? { kind: 'key', key: input.key } : { kind: 'position', index: input.position };

export const toJobSpec = (input: JobInput): JobSpec => ({
  key: input.key ?? null,
  name: input.name,
  taskId: input.taskId,
  parameters: typeof input.parameters === 'string' ? input.parameters : JSON.stringify(input.parameters ?? {}),
  priority: input.priority ?? 0,
  dependsOn: (input.dependsOn ?? []).map(toDependencyRef),
});
