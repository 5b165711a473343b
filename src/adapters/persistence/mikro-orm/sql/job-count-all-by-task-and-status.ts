import type { NamedStatusCounts } from '../../../../application/ports/queue.port.js';
import type { JobStatus } from '../../../../domain/job-status.js';
import { toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * Every project's jobs counted by task and status, with the names of both, from the sums of the
 * job_counts shards (see 0003-job-counts-by-task.migration.ts): its cost is the projects' tasks
 * and statuses, not their jobs. No transition.
 */
const COUNT_ALL_BY_TASK_AND_STATUS = `
  SELECT c.project_id, p.name AS project_name, c.task_id, t.name AS task_name, c.status, sum(c.n) AS count
  FROM job_counts c JOIN projects p ON p.id = c.project_id JOIN tasks t ON t.id = c.task_id
  GROUP BY c.project_id, p.name, c.task_id, t.name, c.status HAVING sum(c.n) <> 0
  ORDER BY c.project_id, c.task_id, c.status`;

interface CountRow {
  readonly project_id: unknown;
  readonly project_name: string;
  readonly task_id: unknown;
  readonly task_name: string;
  readonly status: JobStatus;
  readonly count: unknown;
}

export const countAllByTaskAndStatus = async (sql: TransactionSql): Promise<NamedStatusCounts[]> => {
  const rows = await sql.rows<CountRow>(COUNT_ALL_BY_TASK_AND_STATUS, {});
  return rows.map((row) => ({
    projectId: toNumber(row.project_id),
    projectName: row.project_name,
    taskId: toNumber(row.task_id),
    taskName: row.task_name,
    status: row.status,
    count: toNumber(row.count),
  }));
};
