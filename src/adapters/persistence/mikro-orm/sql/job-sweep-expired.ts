import { toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';
import { deleteJobs } from './job-delete.js';

/**
 * Retention `keep_for` (domain/retention.ts): finished jobs of the tasks whose retention (theirs,
 * else their project's) is a period, once that period has passed since they finished. A FAILED or
 * CANCELLED job that a PENDING or BLOCKED job still waits for stays (a retry of it would let that
 * job run; a COMPLETED one is waited for by no one). Rows another transaction
 * holds are skipped, never waited for, so a sweep cannot hold up a claim or a report; they go
 * in a later sweep. The finished jobs are read per task through jobs_task_id_status_index, locked,
 * and deleted as job-delete.ts deletes (their edges and counts with them).
 */
const SWEEP_EXPIRED = `
  WITH periods AS (
    SELECT t.id AS task_id, coalesce(t.retention_seconds, p.retention_seconds) AS seconds
    FROM tasks AS t JOIN projects AS p ON p.id = t.project_id
    WHERE coalesce(t.retention, p.retention) = 'keep_for'
  )
  SELECT j.id FROM periods AS k JOIN jobs AS j ON j.task_id = k.task_id
  WHERE j.status IN ('COMPLETED', 'FAILED', 'CANCELLED')
    AND j.finished_at <= :now::timestamptz - make_interval(secs => k.seconds)
    AND (j.status = 'COMPLETED' OR NOT EXISTS (
      SELECT 1 FROM job_dependencies AS d JOIN jobs AS w ON w.id = d.job_id
      WHERE d.depends_on_id = j.id AND w.status IN ('PENDING', 'BLOCKED')))
  ORDER BY j.id LIMIT :limit
  FOR UPDATE OF j SKIP LOCKED`;

export const sweepExpired = async (sql: TransactionSql, now: Date, limit: number): Promise<number[]> => {
  const expired = (await sql.rows<{ id: unknown }>(SWEEP_EXPIRED, { now, limit })).map((row) => toNumber(row.id));
  await deleteJobs(sql, expired);
  return expired;
};
