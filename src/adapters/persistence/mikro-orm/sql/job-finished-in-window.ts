import type { FinishedFigures } from '../../../../application/ports/job-store.port.js';
import type { TimeWindow } from '../../../../domain/time-window.js';
import { toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * What finished in a window (JobStore.finishedInWindow), read from jobs_project_finished_index:
 * the window's finished jobs only, however many the project keeps. Medians and means are rounded
 * as numeric (half away from zero, as JavaScript rounds positive numbers). No transition.
 */
const FINISHED = `
  FROM jobs WHERE project_id = :projectId AND status IN ('COMPLETED', 'FAILED')
    AND finished_at >= :since::timestamptz AND finished_at < :until::timestamptz`;

export const FINISHED_BY_MINUTE = `
  SELECT floor(extract(epoch FROM finished_at) / 60)::bigint * 60000 AS minute_ms,
    count(*) FILTER (WHERE status = 'COMPLETED') AS completed, count(*) FILTER (WHERE status = 'FAILED') AS failed
  ${FINISHED} GROUP BY 1 ORDER BY 1`;

export const FINISHED_RUN_TIMES = `
  SELECT task_id, count(*) AS runs, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric) AS p50_ms,
    round(avg(ms)::numeric) AS mean_ms, max(ms) AS max_ms
  FROM (SELECT task_id, (extract(epoch FROM finished_at - started_at) * 1000)::float8 AS ms ${FINISHED} AND started_at IS NOT NULL) AS timed
  GROUP BY task_id ORDER BY task_id`;

export const finishedInWindow = async (sql: TransactionSql, projectId: number, window: TimeWindow): Promise<FinishedFigures> => {
  const parameters = { projectId, since: window.since, until: window.until };
  const minutes = await sql.rows<{ minute_ms: unknown; completed: unknown; failed: unknown }>(FINISHED_BY_MINUTE, parameters);
  const tasks = await sql.rows<{ task_id: unknown; runs: unknown; p50_ms: unknown; mean_ms: unknown; max_ms: unknown }>(FINISHED_RUN_TIMES, parameters);
  return {
    minutes: minutes.map((row) => ({ minute: new Date(toNumber(row.minute_ms)), completed: toNumber(row.completed), failed: toNumber(row.failed) })),
    tasks: tasks.map((row) => ({
      taskId: toNumber(row.task_id),
      runs: toNumber(row.runs),
      p50Ms: toNumber(row.p50_ms),
      meanMs: toNumber(row.mean_ms),
      maxMs: Math.round(toNumber(row.max_ms)),
    })),
  };
};
