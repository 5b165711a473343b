import { JOB_COLUMNS } from './job.columns.js';
import type { JobRecord } from './job.record.js';
import { toDate, toNullableDate, toNullableNumber, toNumber } from './sql-values.js';

/** What `jobSelectList` yields for one job. */
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

/** A record keyed by column, for `json_populate_recordset(null::jobs, …)`. */
export const jobRecordToColumns = (record: Partial<JobRecord>): Record<string, unknown> => {
  const columns: Record<string, unknown> = {};
  for (const [property, value] of Object.entries(record)) {
    columns[JOB_COLUMNS[property as keyof JobRecord]] = value;
  }
  return columns;
};
