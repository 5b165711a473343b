import { aliasedSelectList, writableProperties } from './column-map.js';
import { toDate, toNullableNumber, toNumber } from './sql-values.js';
import type { TaskRecord } from './task.record.js';

/** Record property -> column of `tasks`, for the hand-written SQL of the task store. */
export const TASK_COLUMNS = {
  id: 'id',
  projectId: 'project_id',
  name: 'name',
  commandTemplate: 'command_template',
  requiredCpu: 'required_cpu',
  requiredAccelerators: 'required_accelerators',
  requiredMemoryMb: 'required_memory_mb',
  maxAttempts: 'max_attempts',
  retryOnFailure: 'retry_on_failure',
  timeoutSeconds: 'timeout_seconds',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const satisfies Record<keyof TaskRecord, string>;

/** Every column but the id, in a fixed order: what an insert or a full update writes. */
export const TASK_WRITABLE_PROPERTIES = writableProperties<TaskRecord>(TASK_COLUMNS);

/** The select list of a task, aliased to record properties. */
export const TASK_SELECT = aliasedSelectList(TASK_COLUMNS);

/** What `TASK_SELECT` yields for one task. */
export type TaskRow = { readonly [property in keyof TaskRecord]: unknown };

export const taskRecordFromRow = (row: TaskRow): TaskRecord => ({
  id: toNumber(row.id),
  projectId: toNumber(row.projectId),
  name: row.name as string,
  commandTemplate: row.commandTemplate as string | null,
  requiredCpu: toNumber(row.requiredCpu),
  requiredAccelerators: toNumber(row.requiredAccelerators),
  requiredMemoryMb: toNumber(row.requiredMemoryMb),
  maxAttempts: toNumber(row.maxAttempts),
  retryOnFailure: row.retryOnFailure as boolean,
  timeoutSeconds: toNullableNumber(row.timeoutSeconds),
  createdAt: toDate(row.createdAt),
  updatedAt: toDate(row.updatedAt),
});
