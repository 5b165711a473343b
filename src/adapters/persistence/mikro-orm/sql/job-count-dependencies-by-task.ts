import type { TaskDependencyCount } from '../../../../application/ports/job-store.port.js';
import { toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * A project's job dependencies counted by the tasks of their two ends (the condensed DAG's edges),
 * from the sums of the task_dependency_counts shards (0004-task-dependency-counts.migration.ts): a
 * few rows per pair of tasks, however many edges the project holds. No transition.
 */
const COUNT_DEPENDENCIES_BY_TASK = `
  SELECT task_id, depends_on_task_id, sum(n) AS count FROM task_dependency_counts WHERE project_id = :projectId
  GROUP BY task_id, depends_on_task_id HAVING sum(n) <> 0 ORDER BY task_id, depends_on_task_id`;

export const countDependenciesByTask = async (sql: TransactionSql, projectId: number): Promise<TaskDependencyCount[]> => {
  const rows = await sql.rows<{ task_id: unknown; depends_on_task_id: unknown; count: unknown }>(COUNT_DEPENDENCIES_BY_TASK, { projectId });
  return rows.map((row) => ({ taskId: toNumber(row.task_id), dependsOnTaskId: toNumber(row.depends_on_task_id), count: toNumber(row.count) }));
};
