import { intArray } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * Domain: the readiness of the dependents of jobs that just COMPLETED (:ids): each dependent's
 * count of unmet dependencies drops by the edges to them; no status changes (a PENDING job with
 * none left is ready, and the claim's index finds it). Dependents are locked in id order, so that
 * concurrent completions cannot deadlock. Answers, per dependent, its id and whether it became ready.
 */
const SATISFY_DEPENDENTS = `
  UPDATE jobs AS j SET unmet_dependencies = GREATEST(j.unmet_dependencies - waiting.met, 0), updated_at = :now
  FROM (
    SELECT t.id, m.met FROM jobs t
    JOIN (SELECT d.job_id, count(*)::int AS met FROM job_dependencies d WHERE d.depends_on_id = ANY(:ids::int[]) GROUP BY d.job_id) m ON m.job_id = t.id
    ORDER BY t.id
    FOR NO KEY UPDATE OF t
  ) AS waiting
  WHERE j.id = waiting.id
  RETURNING j.id, j.status = 'PENDING' AND j.unmet_dependencies = 0 AS ready`;

/** The ids of the dependents that became ready, ascending. */
export const satisfyDependents = async (sql: TransactionSql, ids: readonly number[], now: Date): Promise<number[]> => {
  if (ids.length === 0) return [];
  const rows = await sql.rows<{ id: number; ready: boolean }>(SATISFY_DEPENDENTS, { ids: intArray(ids), now });
  return rows.filter((row) => row.ready).map((row) => Number(row.id)).sort((a, b) => a - b);
};
