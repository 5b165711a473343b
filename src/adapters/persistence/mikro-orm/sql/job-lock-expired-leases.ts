import type { Job } from '../../../../domain/job.js';
import { JOB_WITH_DEPENDENCIES, jobFromRow, type JobRow } from '../jobs.table.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * The first step of rescuing expired leases: locks up to :limit claimed jobs whose lease expired
 * by :now, soonest expired first, skipping rows other rescuers hold. The caller applies the
 * domain's `expireLease` and saves it (job-save-progress.ts).
 */
const LOCK_EXPIRED_LEASES = `
  SELECT ${JOB_WITH_DEPENDENCIES} FROM jobs j
  WHERE j.status IN ('QUEUED', 'RUNNING') AND j.lease_expires_at <= :now
  ORDER BY j.lease_expires_at, j.id
  LIMIT :limit
  FOR UPDATE SKIP LOCKED`;

export const lockExpiredLeases = async (sql: TransactionSql, now: Date, limit: number): Promise<Job[]> =>
  (await sql.rows<JobRow>(LOCK_EXPIRED_LEASES, { now, limit })).map(jobFromRow);
