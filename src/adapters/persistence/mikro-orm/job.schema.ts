import { BigIntType, EntitySchema } from '@mikro-orm/core';
import { JOB_STATUSES } from '../../../domain/job-status.js';
import { JOB_COLUMNS } from './job.columns.js';
import type { JobRecord } from './job.record.js';

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
 * The jobs table. Its hot paths are hand-written SQL (mikro-orm-job-store.ts); this mapping names
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
