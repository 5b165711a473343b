import { intArray, toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * Retention `remove_on_complete` (domain/retention.ts): of the jobs :ids, the COMPLETED ones whose
 * task says so, or whose task says nothing (NULL) and whose project does, are deleted. Edges follow
 * through ON DELETE CASCADE; the jobs_count_deleted trigger counts them out.
 */
const REMOVE_ON_COMPLETE = `
  DELETE FROM jobs AS j USING tasks AS t, projects AS p
  WHERE j.id = ANY(:ids::int[]) AND j.status = 'COMPLETED' AND t.id = j.task_id AND p.id = j.project_id
    AND coalesce(t.retention, p.retention) = 'remove_on_complete'
  RETURNING j.id`;

export const removeOnComplete = async (sql: TransactionSql, ids: readonly number[]): Promise<number[]> => {
  if (ids.length === 0) return [];
  const rows = await sql.rows<{ id: unknown }>(REMOVE_ON_COMPLETE, { ids: intArray(ids) });
  return rows.map((row) => toNumber(row.id)).sort((a, b) => a - b);
};
