import { toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * A project's PENDING jobs, ready or not: the sum of its job_counts shards (kept by the statements
 * that change a status and by triggers, see job_counts in 0001-baseline.migration.ts), one index
 * lookup whatever the queue's length. No transition.
 */
const COUNT_PENDING = `SELECT coalesce(sum(n), 0) AS count FROM job_counts WHERE project_id = :projectId AND status = 'PENDING'`;

export const countPending = async (sql: TransactionSql, projectId: number): Promise<number> => {
  const [row] = await sql.rows<{ count: unknown }>(COUNT_PENDING, { projectId });
  return toNumber(row?.count ?? 0);
};
