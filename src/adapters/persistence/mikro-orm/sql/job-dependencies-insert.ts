import { asArrayParameter, intArray } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/** A new edge of the DAG, with what is known of its ends' tasks. */
export interface NewEdge {
  readonly jobId: number;
  readonly projectId: number;
  readonly taskId: number;
  readonly dependsOnId: number;
  /** Null when the caller does not know it (a job stored before the batch): the statement looks it up. */
  readonly dependsOnTaskId: number | null;
}

/**
 * New edges of the DAG, counted by the tasks of their ends in this connection's shard of
 * task_dependency_counts (0004-task-dependency-counts.migration.ts), in key order. A dependency
 * whose task the caller did not know is read by its id. No transition.
 */
const INSERT_DEPENDENCIES = `
  WITH edges AS (
    SELECT * FROM unnest(:jobIds::int[], :dependsOnIds::int[], :projectIds::int[], :taskIds::int[], :dependsOnTaskIds::int[])
      AS e(job_id, depends_on_id, project_id, task_id, depends_on_task_id)
  ),
  inserted AS (INSERT INTO job_dependencies (job_id, depends_on_id) SELECT e.job_id, e.depends_on_id FROM edges e)
  INSERT INTO task_dependency_counts AS c (project_id, task_id, depends_on_task_id, shard, n)
    SELECT e.project_id, e.task_id, coalesce(e.depends_on_task_id, (SELECT p.task_id FROM jobs p WHERE p.id = e.depends_on_id)),
      pg_backend_pid() % 16, count(*)
    FROM edges e GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (project_id, task_id, depends_on_task_id, shard) DO UPDATE SET n = c.n + EXCLUDED.n`;

export const insertDependencies = async (sql: TransactionSql, edges: readonly NewEdge[]): Promise<void> => {
  if (edges.length === 0) return;
  await sql.run(INSERT_DEPENDENCIES, {
    jobIds: intArray(edges.map((edge) => edge.jobId)),
    dependsOnIds: intArray(edges.map((edge) => edge.dependsOnId)),
    projectIds: intArray(edges.map((edge) => edge.projectId)),
    taskIds: intArray(edges.map((edge) => edge.taskId)),
    dependsOnTaskIds: asArrayParameter(edges.map((edge) => edge.dependsOnTaskId)),
  });
};
