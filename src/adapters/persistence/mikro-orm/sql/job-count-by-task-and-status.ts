import type { StatusCounts } from '../../../../application/ports/queue.port.js';
import type { JobStatus } from '../../../../domain/job-status.js';
import { toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * A project's jobs counted by task and status (the project's stats), from the sums of its
 * job_counts shards (see 0003-job-counts-by-task.migration.ts): a few rows per task and status,
 * however many jobs the project holds. No transition.
 */
const COUNT_BY_TASK_AND_STATUS = `
  SELECT task_id, status, sum(n) AS count FROM job_counts WHERE project_id = :projectId
  GROUP BY task_id, status HAVING sum(n) <> 0 ORDER BY task_id, status`;

export const countByTaskAndStatus = async (sql: TransactionSql, projectId: number): Promise<StatusCounts[]> => {
  const rows = await sql.rows<{ task_id: unknown; status: JobStatus; count: unknown }>(COUNT_BY_TASK_AND_STATUS, { projectId });
  return rows.map((row) => ({ taskId: toNumber(row.task_id), status: row.status, count: toNumber(row.count) }));
};
