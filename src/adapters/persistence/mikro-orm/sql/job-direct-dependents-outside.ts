import { intArray, toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/** The jobs that wait directly on one of :ids and are not among them, ascending (what a deletion would orphan). No transition. */
const DIRECT_DEPENDENTS_OUTSIDE = `
  SELECT DISTINCT d.job_id AS id FROM job_dependencies d
  WHERE d.depends_on_id = ANY(:ids::int[]) AND NOT (d.job_id = ANY(:ids::int[]))
  ORDER BY 1`;

export const directDependentsOutside = async (sql: TransactionSql, ids: readonly number[]): Promise<number[]> => {
  if (ids.length === 0) return [];
  return (await sql.rows<{ id: unknown }>(DIRECT_DEPENDENTS_OUTSIDE, { ids: intArray(ids) })).map((row) => toNumber(row.id));
};
