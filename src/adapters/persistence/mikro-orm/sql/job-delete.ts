import { intArray } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * Deletes the jobs :ids (the domain decided what becomes of their dependents first). Edges in either
 * direction follow through ON DELETE CASCADE; the jobs_count_deleted trigger counts them out.
 */
const DELETE_JOBS = `DELETE FROM jobs WHERE id = ANY(:ids::int[])`;

export const deleteJobs = async (sql: TransactionSql, ids: readonly number[]): Promise<void> => {
  if (ids.length === 0) return;
  await sql.run(DELETE_JOBS, { ids: intArray(ids) });
};
