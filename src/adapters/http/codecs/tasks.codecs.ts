import * as t from 'io-ts';
import { PageQuery } from './paging.codecs.js';
import { IdFromString, SafeId, SafeInt, intAtLeast } from './primitives.codecs.js';
import { RetentionText } from './retention.codecs.js';

const Count = intAtLeast(SafeInt, 0, 'integer >= 0');
const PositiveSeconds = t.refinement(t.number, (n) => n > 0 && Number.isFinite(n), 'positive number of seconds');

export const TaskIdParams = t.type({ task_id: IdFromString });
export type TaskIdParams = t.TypeOf<typeof TaskIdParams>;

export const TaskNameParams = t.type({ name: t.string });
export type TaskNameParams = t.TypeOf<typeof TaskNameParams>;

export const TaskListQuery = t.exact(t.intersection([t.type({ project_id: IdFromString }), PageQuery]));
export type TaskListQuery = t.TypeOf<typeof TaskListQuery>;

export const TaskByNameQuery = t.exact(t.partial({ project_id: IdFromString }));
export type TaskByNameQuery = t.TypeOf<typeof TaskByNameQuery>;

const TaskOptions = t.partial({
  command_template: t.union([t.string, t.null]),
  required_cpu: Count,
  required_accelerators: Count,
  required_memory_mb: Count,
  max_attempts: intAtLeast(SafeInt, 1, 'integer >= 1'),
  retry_on_failure: t.boolean,
  timeout_seconds: t.union([PositiveSeconds, t.null]),
  /** null: the project's. */
  retention: t.union([RetentionText, t.null]),
});

export const CreateTaskBody = t.exact(t.intersection([t.type({ name: t.string, project_id: SafeId }), TaskOptions]));
export type CreateTaskBody = t.TypeOf<typeof CreateTaskBody>;

/** Any subset; nulls leave a field as it is (the original), except where null is a value. */
export const UpdateTaskBody = t.exact(t.intersection([t.partial({ name: t.union([t.string, t.null]) }), TaskOptions]));
export type UpdateTaskBody = t.TypeOf<typeof UpdateTaskBody>;
