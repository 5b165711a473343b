import { intArray } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * Deletes the jobs `doomed` selects (a query of their ids; the domain decided what becomes of their
 * dependents first). Edges in either direction follow through ON DELETE CASCADE; the
 * jobs_count_deleted trigger counts the jobs out, and the statement counts their edges out of
 * task_dependency_counts (each edge once, by the tasks of its ends as they were), in this
 * connection's shard and in key order. Answers the deleted ids.
 */
export const deletingJobs = (doomed: string): string => `
  WITH doomed AS (${doomed}),
  gone AS (
    SELECT d.job_id, d.depends_on_id FROM job_dependencies d WHERE d.job_id = ANY(ARRAY(SELECT id FROM doomed))
    UNION SELECT d.job_id, d.depends_on_id FROM job_dependencies d WHERE d.depends_on_id = ANY(ARRAY(SELECT id FROM doomed))
  ),
  uncounted AS (
    INSERT INTO task_dependency_counts AS c (project_id, task_id, depends_on_task_id, shard, n)
      SELECT j.project_id, j.task_id, p.task_id, pg_backend_pid() % 16, -count(*)
      FROM gone g JOIN jobs j ON j.id = g.job_id JOIN jobs p ON p.id = g.depends_on_id
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (project_id, task_id, depends_on_task_id, shard) DO UPDATE SET n = c.n + EXCLUDED.n
  )
  DELETE FROM jobs WHERE id = ANY(ARRAY(SELECT id FROM doomed)) RETURNING id`;

/** The jobs :ids. */
const DELETE_JOBS = deletingJobs('SELECT unnest(:ids::int[]) AS id');

export const deleteJobs = async (sql: TransactionSql, ids: readonly number[]): Promise<void> => {
  if (ids.length === 0) return;
  await sql.run(DELETE_JOBS, { ids: intArray(ids) });
};
