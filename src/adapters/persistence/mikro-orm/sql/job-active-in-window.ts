import { isJobStatus } from '../../../../domain/job-status.js';
import type { JobActivity } from '../../../../domain/run.js';
import type { TimeWindow } from '../../../../domain/time-window.js';
import { toNullableDate, toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';
import { statusHistoryFromText } from './job-status-history.js';

/**
 * The jobs that may have run in a window (JobStore.activeInWindow), newest change first. Those
 * changed since the window began come from jobs_project_updated_index, which holds only jobs with
 * a recorded change (freshly submitted ones never ran), read backwards and stopped at :limit; the
 * claimed ones left untouched since come from jobs_project_id_status_id_index. No transition.
 */
export const ACTIVE_IN_WINDOW = `
  SELECT * FROM (
    (SELECT j.id, j.name, j.task_id, j.status, j.started_at, j.updated_at, j.status_history FROM jobs AS j
     WHERE j.project_id = :projectId AND j.status_history <> '' AND j.updated_at >= :since::timestamptz AND j.created_at < :until::timestamptz
     ORDER BY j.updated_at DESC, j.id DESC LIMIT :limit)
    UNION ALL
    (SELECT j.id, j.name, j.task_id, j.status, j.started_at, j.updated_at, j.status_history FROM jobs AS j
     WHERE j.project_id = :projectId AND j.status IN ('QUEUED', 'RUNNING') AND j.updated_at < :since::timestamptz AND j.created_at < :until::timestamptz
     ORDER BY j.updated_at DESC, j.id DESC LIMIT :limit)
  ) AS active
  ORDER BY updated_at DESC, id DESC LIMIT :limit`;

interface ActiveRow {
  id: unknown;
  name: unknown;
  task_id: unknown;
  status: unknown;
  started_at: unknown;
  status_history: unknown;
}

const activityOf = (row: ActiveRow): JobActivity => {
  const id = toNumber(row.id);
  const status = String(row.status);
  if (!isJobStatus(status)) throw new Error(`Job ${id} has an unknown status ${status}.`);
  return { id, name: String(row.name), taskId: toNumber(row.task_id), status, startedAt: toNullableDate(row.started_at), history: statusHistoryFromText(id, row.status_history) };
};

export const activeInWindow = async (sql: TransactionSql, projectId: number, window: TimeWindow, limit: number): Promise<JobActivity[]> =>
  (await sql.rows<ActiveRow>(ACTIVE_IN_WINDOW, { projectId, since: window.since, until: window.until, limit })).map(activityOf);
