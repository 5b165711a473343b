import { intArray, toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';
import { deletingJobs } from './job-delete.js';

/**
 * Retention `remove_on_complete` (domain/retention.ts): of the jobs :ids, the COMPLETED ones whose
 * task says so, or whose task says nothing (NULL) and whose project does, deleted as job-delete.ts
 * deletes (their edges and counts with them), in one statement.
 */
const REMOVE_ON_COMPLETE = deletingJobs(`
  SELECT j.id FROM jobs AS j JOIN tasks AS t ON t.id = j.task_id JOIN projects AS p ON p.id = j.project_id
  WHERE j.id = ANY(:ids::int[]) AND j.status = 'COMPLETED' AND coalesce(t.retention, p.retention) = 'remove_on_complete'`);

/** The removed ids, ascending. */
export const removeOnComplete = async (sql: TransactionSql, ids: readonly number[]): Promise<number[]> => {
  if (ids.length === 0) return [];
  const rows = await sql.rows<{ id: unknown }>(REMOVE_ON_COMPLETE, { ids: intArray(ids) });
  return rows.map((row) => toNumber(row.id)).sort((a, b) => a - b);
};
