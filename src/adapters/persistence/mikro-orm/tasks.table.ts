import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { NewTask, Task } from '../../../domain/task.js';
import { aliasedSelectList } from './column-map.js';
import { RETENTION_KINDS, retentionFromColumns, retentionToColumns } from './retention-columns.js';
import { toDate, toNullableNumber, toNumber } from './sql-values.js';

/** The `tasks` table in one place: its record, columns, MikroORM's schema, and the mappings between rows and domain tasks. */

/** A row of `tasks`, as MikroORM maps it (its schema below). */
export interface TaskRecord {
  id: number;
  projectId: number;
  name: string;
  commandTemplate: string | null;
  requiredCpu: number;
  requiredAccelerators: number;
  requiredMemoryMb: number;
  maxAttempts: number;
  retryOnFailure: boolean;
  timeoutSeconds: number | null;
  retention: string | null;
  retentionSeconds: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Counts are bigint: the domain accepts any safe integer, so the column must not overflow first. */
export const TaskSchema = new EntitySchema<TaskRecord>({
  name: 'TaskRecord',
  tableName: 'tasks',
  checks: [{ name: 'tasks_retention_seconds_check', expression: "(coalesce(retention, '') = 'keep_for') = coalesce(retention_seconds > 0, false)" }],
  uniques: [{ name: 'tasks_project_id_name_unique', properties: ['projectId', 'name'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true, generated: 'by default as identity', fieldName: 'id' },
    projectId: { kind: 'm:1', entity: 'ProjectRecord', mapToPk: true, deleteRule: 'cascade', updateRule: 'no action', fieldName: 'project_id' },
    name: { type: 'text', fieldName: 'name' },
    commandTemplate: { type: 'text', nullable: true, fieldName: 'command_template' },
    requiredCpu: { type: new BigIntType('number'), fieldName: 'required_cpu' },
    requiredAccelerators: { type: new BigIntType('number'), fieldName: 'required_accelerators' },
    requiredMemoryMb: { type: new BigIntType('number'), fieldName: 'required_memory_mb' },
    maxAttempts: { type: new BigIntType('number'), fieldName: 'max_attempts' },
    retryOnFailure: { type: 'boolean', fieldName: 'retry_on_failure' },
    timeoutSeconds: { type: 'double', nullable: true, fieldName: 'timeout_seconds' },
    retention: { enum: true, items: () => [...RETENTION_KINDS], nullable: true, fieldName: 'retention' },
    retentionSeconds: { type: new BigIntType('number'), nullable: true, fieldName: 'retention_seconds' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'updated_at' },
  },
});

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
  retention: 'retention',
  retentionSeconds: 'retention_seconds',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const satisfies Record<keyof TaskRecord, string>;

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
  retention: row.retention as string | null,
  retentionSeconds: toNullableNumber(row.retentionSeconds),
  createdAt: toDate(row.createdAt),
  updatedAt: toDate(row.updatedAt),
});

export const taskToDomain = (record: TaskRecord): Task => ({
  id: record.id,
  projectId: record.projectId,
  name: record.name,
  commandTemplate: record.commandTemplate,
  requirements: { cpu: record.requiredCpu, accelerators: record.requiredAccelerators, memoryMb: record.requiredMemoryMb },
  maxAttempts: record.maxAttempts,
  retryOnFailure: record.retryOnFailure,
  // PostgreSQL's double precision comes back as a number from pg and PGlite alike.
  timeoutSeconds: record.timeoutSeconds,
  retention: retentionFromColumns(record.retention, record.retentionSeconds),
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
});

export const taskToRecord = (task: NewTask): Omit<TaskRecord, 'id'> => ({
  projectId: task.projectId,
  name: task.name,
  commandTemplate: task.commandTemplate,
  requiredCpu: task.requirements.cpu,
  requiredAccelerators: task.requirements.accelerators,
  requiredMemoryMb: task.requirements.memoryMb,
  maxAttempts: task.maxAttempts,
  retryOnFailure: task.retryOnFailure,
  timeoutSeconds: task.timeoutSeconds,
  ...retentionToColumns(task.retention),
  createdAt: task.createdAt,
  updatedAt: task.updatedAt,
});
