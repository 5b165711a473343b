import { JOB_COLUMNS } from './job.columns.js';
import type { Job } from '../../../domain/job.js';
import type { JobStatus } from '../../../domain/job-status.js';
import type { JobRecord } from './job.record.js';
import { toDate, toNullableDate, toNullableNumber, toNumber } from './sql-values.js';

/** What `jobSelectList` yields for one job. */
export type JobRow = { readonly [property in keyof JobRecord | 'dependencies']: unknown };

/** The job a row holds, read straight into the domain's shape (one object per row: claims read hundreds). */
export const jobFromRow = (row: JobRow): Job => ({
  id: toNumber(row.id),
  projectId: toNumber(row.projectId),
  taskId: toNumber(row.taskId),
  name: row.name as string,
  parameters: row.parameters as string,
  priority: toNumber(row.priority),
  status: row.status as JobStatus,
  dependencies: (row.dependencies as unknown[]).map(toNumber),
  unmetDependencies: toNumber(row.unmetDependencies),
  requirements: { cpu: toNumber(row.requiredCpu), accelerators: toNumber(row.requiredAccelerators), memoryMb: toNumber(row.requiredMemoryMb) },
  attempts: toNumber(row.attempts),
  maxAttempts: toNumber(row.maxAttempts),
  lease: row.leased ? { owner: row.leaseOwner as string | null, expiresAt: toNullableDate(row.leaseExpiresAt) } : null,
  exitCode: toNullableNumber(row.exitCode),
  failureReason: row.failureReason as string | null,
  blockedBy: toNullableNumber(row.blockedBy),
  createdAt: toDate(row.createdAt),
  updatedAt: toDate(row.updatedAt),
  startedAt: toNullableDate(row.startedAt),
  finishedAt: toNullableDate(row.finishedAt),
});

/** A record keyed by column, for `json_populate_recordset(null::jobs, …)`. */
export const jobRecordToColumns = (record: Partial<JobRecord>): Record<string, unknown> => {
  const columns: Record<string, unknown> = {};
  for (const [property, value] of Object.entries(record)) {
    columns[JOB_COLUMNS[property as keyof JobRecord]] = value;
  }
  return columns;
};
