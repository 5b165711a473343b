import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { validationFailed, type ValidationFailed } from './errors.js';
import { definedOnly } from './changes.js';
import { validateCount, validateName } from './names.js';
import type { Requirements } from './resources.js';
import type { Retention } from './retention.js';

export interface TaskFields {
  readonly name: string;
  /** `{name}` placeholders are filled from the job's parameters, each value one argv element. */
  readonly commandTemplate: string | null;
  readonly requirements: Requirements;
  /** Claims a job may take; lease expiry (a dead worker) requeues it until they are used up. */
  readonly maxAttempts: number;
  /** Whether a failed run goes back to the queue while attempts remain. */
  readonly retryOnFailure: boolean;
  readonly timeoutSeconds: number | null;
  /** How long its finished jobs stay; null (the default) follows the project's. */
  readonly retention?: Retention | null;
}

export interface Task extends TaskFields {
  readonly id: number;
  readonly retention: Retention | null;
  readonly projectId: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewTask extends TaskFields {
  readonly retention: Retention | null;
  readonly projectId: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export const DEFAULT_MAX_ATTEMPTS = 3;

const validateFields = (fields: TaskFields): E.Either<ValidationFailed, TaskFields> =>
  pipe(
    E.Do,
    E.apS('name', validateName('name', fields.name)),
    E.apS('cpu', validateCount('required_cpu', fields.requirements.cpu)),
    E.apS('accelerators', validateCount('required_accelerators', fields.requirements.accelerators)),
    E.apS('memoryMb', validateCount('required_memory_mb', fields.requirements.memoryMb)),
    E.apS('maxAttempts', validateCount('max_attempts', fields.maxAttempts, 1)),
    E.chain((valid) =>
      fields.timeoutSeconds !== null && !(fields.timeoutSeconds > 0)
        ? E.left(validationFailed('timeout_seconds', `timeout_seconds must be positive, got ${fields.timeoutSeconds}`))
        : E.right(valid),
    ),
    E.map(() => fields),
  );

export const newTask = (projectId: number, fields: TaskFields, now: Date): E.Either<ValidationFailed, NewTask> =>
  E.map((valid: TaskFields) => ({ ...valid, retention: valid.retention ?? null, projectId, createdAt: now, updatedAt: now }))(validateFields(fields));

export const reviseTask = (task: Task, changes: Partial<TaskFields>, now: Date): E.Either<ValidationFailed, Task> =>
  E.map((valid: TaskFields) => ({ ...task, ...valid, retention: valid.retention ?? null, updatedAt: now }))(validateFields({ ...task, ...definedOnly(changes) }));
