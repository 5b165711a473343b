import type { TaskedEdge } from '../../../../application/ports/job-store.port.js';
import { intArray, toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * Every edge with an end among :ids, either way, with the tasks of both ends: what a slice of the
 * DAG draws, its links to jobs outside the slice included. Each side walks its index
 * (job_dependencies' primary key, job_dependencies_depends_on_id_index), each end's task is one
 * primary key lookup. No transition.
 */
const EDGES_TOUCHING = `
  SELECT e.job_id, j.task_id AS job_task_id, e.depends_on_id, p.task_id AS depends_on_task_id
  FROM (
    SELECT d.job_id, d.depends_on_id FROM job_dependencies d WHERE d.job_id = ANY(:ids::int[])
    UNION SELECT d.job_id, d.depends_on_id FROM job_dependencies d WHERE d.depends_on_id = ANY(:ids::int[])
  ) e
  JOIN jobs j ON j.id = e.job_id JOIN jobs p ON p.id = e.depends_on_id
  ORDER BY e.job_id, e.depends_on_id`;

export const edgesTouching = async (sql: TransactionSql, ids: readonly number[]): Promise<TaskedEdge[]> => {
  if (ids.length === 0) return [];
  const rows = await sql.rows<{ job_id: unknown; job_task_id: unknown; depends_on_id: unknown; depends_on_task_id: unknown }>(EDGES_TOUCHING, { ids: intArray(ids) });
  return rows.map((row) => ({
    jobId: toNumber(row.job_id),
    jobTaskId: toNumber(row.job_task_id),
    dependsOnId: toNumber(row.depends_on_id),
    dependsOnTaskId: toNumber(row.depends_on_task_id),
  }));
};
