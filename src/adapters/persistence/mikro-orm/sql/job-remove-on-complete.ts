import { intArray, toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';
import { deleteJobs } from './job-delete.js';

/**
 * Retention `remove_on_complete` (domain/retention.ts): of the jobs :ids, the COMPLETED ones whose
 * task says so, or whose task says nothing (NULL) and whose project does. They are deleted as
 * job-delete.ts deletes (their edges and counts with them); when none is, that is the only
 * statement, so projects that keep their jobs pay one index lookup per batch of completions.
 */
const TO_REMOVE = `
  SELECT j.id FROM jobs AS j JOIN tasks AS t ON t.id = j.task_id JOIN projects AS p ON p.id = j.project_id
  WHERE j.id = ANY(:ids::int[]) AND j.status = 'COMPLETED' AND coalesce(t.retention, p.retention) = 'remove_on_complete'
  ORDER BY j.id`;

export const removeOnComplete = async (sql: TransactionSql, ids: readonly number[]): Promise<number[]> => {
  if (ids.length === 0) return [];
  const removed = (await sql.rows<{ id: unknown }>(TO_REMOVE, { ids: intArray(ids) })).map((row) => toNumber(row.id));
  await deleteJobs(sql, removed);
  return removed;
};
