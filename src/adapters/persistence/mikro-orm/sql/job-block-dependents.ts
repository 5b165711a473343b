import { intArray, toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * Domain transition: `block` (job-transitions.ts), PENDING → BLOCKED, of every PENDING job that
 * waits, directly or not (`whatsnext_downstream_jobs`), on one of :roots, which failed or were
 * cancelled: blocked by :blockedBy, for :reason. Jobs past PENDING are left alone. Locked in id
 * order, so that concurrent failures cannot deadlock.
 */
const BLOCK_DEPENDENTS = `
  WITH blocked AS (
    UPDATE jobs AS j SET
      status = 'BLOCKED', blocked_by = :blockedBy, failure_reason = :reason, updated_at = :now::timestamptz,
      status_history = whatsnext_status_history(j.status_history, j.status, 'BLOCKED', :now::timestamptz, j.lease_owner, j.attempts, j.attempts, NULL)
    FROM (
      SELECT t.id FROM jobs t
      WHERE t.id IN (SELECT id FROM whatsnext_downstream_jobs(:roots::int[])) AND t.status = 'PENDING'
      ORDER BY t.id
      FOR NO KEY UPDATE
    ) AS waiting
    WHERE j.id = waiting.id
    RETURNING j.id, j.project_id AS "projectId", j.task_id AS "taskId"
  ),
  counted AS (
    SELECT whatsnext_count_status_moves(array_agg("projectId"), array_agg("taskId"), array_agg('PENDING'::text), array_agg("projectId"), array_agg("taskId"), array_agg('BLOCKED'::text)) FROM blocked
  )
  SELECT id FROM blocked CROSS JOIN counted`;

/** The blocked jobs' ids, ascending. */
export const blockDependents = async (sql: TransactionSql, roots: readonly number[], blockedBy: number, reason: string, now: Date): Promise<number[]> => {
  if (roots.length === 0) return [];
  const rows = await sql.rows<{ id: unknown }>(BLOCK_DEPENDENTS, { roots: intArray(roots), blockedBy, reason, now });
  return rows.map((row) => toNumber(row.id)).sort((a, b) => a - b);
};
