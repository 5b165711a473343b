import { BigIntType, EntitySchema } from '@mikro-orm/core';
import { JOB_STATUSES, type JobStatus } from '../../../domain/job-status.js';
import type { Job, NewJob } from '../../../domain/job.js';
import { aliasedSelectList, writableProperties } from './column-map.js';
import { toDate, toNullableDate, toNullableNumber, toNumber } from './sql-values.js';

/**
 * The `jobs` table in one place: its record, its columns (the one place the schema and the
 * hand-written SQL agree), MikroORM's schema of it, and the mappings between rows and domain jobs.
 * The edges live in `job_dependencies` (job-dependencies.table.ts).
 */

/** A row of `jobs`, as MikroORM maps it (its schema below); the edges live in `job_dependencies`. */
export interface JobRecord {
  id: number;
  projectId: number;
  taskId: number;
  name: string;
  /** The exact JSON text received, kept as TEXT (jsonb would reorder keys and rewrite numbers). */
  parameters: string;
  priority: number;
  status: string;
  unmetDependencies: number;
  requiredCpu: number;
  requiredAccelerators: number;
  requiredMemoryMb: number;
  attempts: number;
  maxAttempts: number;
  /** Whether a lease exists: an anonymous claim's lease has neither owner nor expiry. */
  leased: boolean;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  exitCode: number | null;
  failureReason: string | null;
  blockedBy: number | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** Record property -> column of `jobs`: the one place the schema and the hand-written SQL agree on. */
export const JOB_COLUMNS = {
  id: 'id',
  projectId: 'project_id',
  taskId: 'task_id',
  name: 'name',
  parameters: 'parameters',
  priority: 'priority',
  status: 'status',
  unmetDependencies: 'unmet_dependencies',
  requiredCpu: 'required_cpu',
  requiredAccelerators: 'required_accelerators',
  requiredMemoryMb: 'required_memory_mb',
  attempts: 'attempts',
  maxAttempts: 'max_attempts',
  leased: 'leased',
  leaseOwner: 'lease_owner',
  leaseExpiresAt: 'lease_expires_at',
  exitCode: 'exit_code',
  failureReason: 'failure_reason',
  blockedBy: 'blocked_by',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
} as const satisfies Record<keyof JobRecord, string>;

type JobColumn = (typeof JOB_COLUMNS)[keyof typeof JOB_COLUMNS];

/** The SQL type of each column, for statements that bind a whole column as one array. */
export const JOB_COLUMN_TYPES = {
  id: 'integer',
  project_id: 'integer',
  task_id: 'integer',
  name: 'text',
  parameters: 'text',
  priority: 'bigint',
  status: 'text',
  unmet_dependencies: 'integer',
  required_cpu: 'bigint',
  required_accelerators: 'bigint',
  required_memory_mb: 'bigint',
  attempts: 'bigint',
  max_attempts: 'bigint',
  leased: 'boolean',
  lease_owner: 'text',
  lease_expires_at: 'timestamptz',
  exit_code: 'bigint',
  failure_reason: 'text',
  blocked_by: 'integer',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
  started_at: 'timestamptz',
  finished_at: 'timestamptz',
} as const satisfies Record<JobColumn, string>;

/** Every property but the id, in a fixed order: what an insert or a full update writes. */
export const JOB_WRITABLE_PROPERTIES = writableProperties<JobRecord>(JOB_COLUMNS);

/**
 * A job's columns, aliased to record properties, from `jobs` aliased `j`: the one piece of SQL the
 * statements in sql/ share as text (a view cannot stand in a RETURNING list, and `j.*` would carry
 * the status history). `JobRow` reads it.
 */
export const JOB_OWN_COLUMNS = aliasedSelectList(JOB_COLUMNS, 'j');

/** `JOB_OWN_COLUMNS` and the job's dependency ids (a subquery per row: fine for a few jobs). */
export const JOB_WITH_DEPENDENCIES = `${JOB_OWN_COLUMNS}, ARRAY(SELECT d.depends_on_id FROM job_dependencies d WHERE d.job_id = j.id ORDER BY d.depends_on_id) AS "dependencies"`;

const bigint = { type: new BigIntType('number') };
const timestamp = { type: 'datetime', columnType: 'timestamptz' };

/**
 * The jobs table as the schema diff sees it: a record plus the status history, which a trigger
 * keeps and only `readStatusHistory` reads (never part of a JobRecord, so never selected with a job).
 */
export interface JobTableRow extends JobRecord {
  statusHistory: unknown;
}

/**
 * The jobs table. Its statements are hand-written SQL (sql/job-*.ts); this mapping names
 * the columns and the indexes those statements rely on (created by the migrations).
 */
export const JobSchema = new EntitySchema<JobTableRow>({
  name: 'JobRecord',
  tableName: 'jobs',
  indexes: [
    { name: 'jobs_claim_order_index', expression: 'create index "jobs_claim_order_index" on "jobs" ("project_id", "priority" desc, "id") where "status" = \'PENDING\' and "unmet_dependencies" = 0' },
    { name: 'jobs_lease_expiry_index', expression: 'create index "jobs_lease_expiry_index" on "jobs" ("lease_expires_at") where "status" in (\'QUEUED\', \'RUNNING\')' },
    { name: 'jobs_lease_owner_index', expression: 'create index "jobs_lease_owner_index" on "jobs" ("lease_owner") where "status" in (\'QUEUED\', \'RUNNING\')' },
    { name: 'jobs_project_id_status_id_index', properties: ['projectId', 'status', 'id'] },
    { name: 'jobs_task_id_status_index', properties: ['taskId', 'status'] },
    { name: 'jobs_project_updated_index', expression: 'create index "jobs_project_updated_index" on "jobs" ("project_id", "updated_at", "id") where "status_history" <> \'\'' },
    {
      name: 'jobs_project_finished_index',
      expression: 'create index "jobs_project_finished_index" on "jobs" ("project_id", "finished_at") include ("task_id", "started_at") where "status" in (\'COMPLETED\', \'FAILED\')',
    },
  ],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true, generated: 'by default as identity', fieldName: JOB_COLUMNS.id },
    // No foreign keys: triggers check a job's task once per statement (see the baseline migration).
    projectId: { type: 'integer', fieldName: JOB_COLUMNS.projectId },
    taskId: { type: 'integer', fieldName: JOB_COLUMNS.taskId },
    name: { type: 'text', fieldName: JOB_COLUMNS.name },
    parameters: { type: 'text', fieldName: JOB_COLUMNS.parameters },
    priority: { ...bigint, fieldName: JOB_COLUMNS.priority },
    status: { enum: true, items: () => [...JOB_STATUSES], fieldName: JOB_COLUMNS.status },
    unmetDependencies: { type: 'integer', fieldName: JOB_COLUMNS.unmetDependencies },
    requiredCpu: { ...bigint, fieldName: JOB_COLUMNS.requiredCpu },
    requiredAccelerators: { ...bigint, fieldName: JOB_COLUMNS.requiredAccelerators },
    requiredMemoryMb: { ...bigint, fieldName: JOB_COLUMNS.requiredMemoryMb },
    attempts: { ...bigint, fieldName: JOB_COLUMNS.attempts },
    maxAttempts: { ...bigint, fieldName: JOB_COLUMNS.maxAttempts },
    leased: { type: 'boolean', fieldName: JOB_COLUMNS.leased },
    leaseOwner: { type: 'text', nullable: true, fieldName: JOB_COLUMNS.leaseOwner },
    leaseExpiresAt: { ...timestamp, nullable: true, fieldName: JOB_COLUMNS.leaseExpiresAt },
    exitCode: { ...bigint, nullable: true, fieldName: JOB_COLUMNS.exitCode },
    failureReason: { type: 'text', nullable: true, fieldName: JOB_COLUMNS.failureReason },
    blockedBy: { type: 'integer', nullable: true, fieldName: JOB_COLUMNS.blockedBy },
    createdAt: { ...timestamp, fieldName: JOB_COLUMNS.createdAt },
    updatedAt: { ...timestamp, fieldName: JOB_COLUMNS.updatedAt },
    startedAt: { ...timestamp, nullable: true, fieldName: JOB_COLUMNS.startedAt },
    finishedAt: { ...timestamp, nullable: true, fieldName: JOB_COLUMNS.finishedAt },
    statusHistory: { type: 'text', defaultRaw: "''", lazy: true, fieldName: 'status_history' },
  },
});

/** What `JOB_WITH_DEPENDENCIES` yields for one job. */
export type JobRow = { readonly [property in keyof JobRecord | 'dependencies']: unknown };

export const jobRecordFromRow = (row: JobRow): JobRecord => ({
  id: toNumber(row.id),
  projectId: toNumber(row.projectId),
  taskId: toNumber(row.taskId),
  name: row.name as string,
  parameters: row.parameters as string,
  priority: toNumber(row.priority),
  status: row.status as string,
  unmetDependencies: toNumber(row.unmetDependencies),
  requiredCpu: toNumber(row.requiredCpu),
  requiredAccelerators: toNumber(row.requiredAccelerators),
  requiredMemoryMb: toNumber(row.requiredMemoryMb),
  attempts: toNumber(row.attempts),
  maxAttempts: toNumber(row.maxAttempts),
  leased: row.leased as boolean,
  leaseOwner: row.leaseOwner as string | null,
  leaseExpiresAt: toNullableDate(row.leaseExpiresAt),
  exitCode: toNullableNumber(row.exitCode),
  failureReason: row.failureReason as string | null,
  blockedBy: toNullableNumber(row.blockedBy),
  createdAt: toDate(row.createdAt),
  updatedAt: toDate(row.updatedAt),
  startedAt: toNullableDate(row.startedAt),
  finishedAt: toNullableDate(row.finishedAt),
});

export const dependenciesFromRow = (row: JobRow): number[] => (row.dependencies as unknown[]).map(toNumber);

export const jobFromRow = (row: JobRow): Job => jobToDomain(jobRecordFromRow(row), dependenciesFromRow(row));

/** A record keyed by column, for `json_populate_recordset(null::jobs, …)`. */
export const jobRecordToColumns = (record: Partial<JobRecord>): Record<string, unknown> => {
  const columns: Record<string, unknown> = {};
  for (const [property, value] of Object.entries(record)) {
    columns[JOB_COLUMNS[property as keyof JobRecord]] = value;
  }
  return columns;
};

/** The job a record holds; `id` for a record written without one (an insert's). */
export const jobToDomain = (record: Omit<JobRecord, 'id'> & { id?: number }, dependencies: readonly number[], id = record.id!): Job => ({
  id,
  projectId: record.projectId,
  taskId: record.taskId,
  name: record.name,
  parameters: record.parameters,
  priority: record.priority,
  status: record.status as JobStatus,
  dependencies,
  unmetDependencies: record.unmetDependencies,
  requirements: { cpu: record.requiredCpu, accelerators: record.requiredAccelerators, memoryMb: record.requiredMemoryMb },
  attempts: record.attempts,
  maxAttempts: record.maxAttempts,
  lease: record.leased ? { owner: record.leaseOwner, expiresAt: record.leaseExpiresAt } : null,
  exitCode: record.exitCode,
  failureReason: record.failureReason,
  blockedBy: record.blockedBy,
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
  startedAt: record.startedAt,
  finishedAt: record.finishedAt,
});

/** Every column but the id; the dependencies are edges, written apart. */
export const jobToRecord = (job: Job | NewJob): Omit<JobRecord, 'id'> => ({
  projectId: job.projectId,
  taskId: job.taskId,
  name: job.name,
  parameters: job.parameters,
  priority: job.priority,
  status: job.status,
  unmetDependencies: job.unmetDependencies,
  requiredCpu: job.requirements.cpu,
  requiredAccelerators: job.requirements.accelerators,
  requiredMemoryMb: job.requirements.memoryMb,
  attempts: job.attempts,
  maxAttempts: job.maxAttempts,
  leased: job.lease !== null,
  leaseOwner: job.lease?.owner ?? null,
  leaseExpiresAt: job.lease?.expiresAt ?? null,
  exitCode: job.exitCode,
  failureReason: job.failureReason,
  blockedBy: job.blockedBy,
  createdAt: job.createdAt,
  updatedAt: job.updatedAt,
  startedAt: job.startedAt,
  finishedAt: job.finishedAt,
});
