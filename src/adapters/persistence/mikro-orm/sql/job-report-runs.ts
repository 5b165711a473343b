import type { AdvancedRun, LeasedRun } from '../../../../application/ports/queue.port.js';
import { asArrayParameter, toNullableDate, toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * Domain transitions: `start` (QUEUED → RUNNING) and then `complete` (RUNNING → COMPLETED), as each
 * run says, for lease holders (job-transitions.ts), in one statement: the WHERE clauses are their
 * preconditions (the run's owner holds the lease; the status is the one the first transition
 * expects), the SET list their changes, and the status history gets one entry per job, from the
 * status before to the status after. Jobs in any other state are left alone: the caller refuses
 * them with the domain's reasons.
 *
 * A completed job whose retention is `remove_on_complete` (its task's, else its project's) and
 * that has no edge at all is deleted here instead of updated, as graphile-worker's complete_jobs
 * does: one row write, not an update and then a delete (the jobs_count_deleted trigger counts it
 * out of the status it had). A job with edges is updated: its dependents are satisfied first, and
 * the caller's removeOnComplete then deletes it with its edges' counts.
 */
const REPORT_RUNS = `
  WITH reported AS (
    SELECT r.id, r.owner, r.start, r.complete,
      CASE WHEN r.start THEN 'QUEUED' ELSE 'RUNNING' END AS expected,
      r.complete AND coalesce(t.retention, p.retention) = 'remove_on_complete'
        AND NOT EXISTS (SELECT 1 FROM job_dependencies d WHERE d.job_id = j.id)
        AND NOT EXISTS (SELECT 1 FROM job_dependencies d WHERE d.depends_on_id = j.id) AS remove
    FROM unnest(:ids::int[], :owners::text[], :starts::bool[], :completes::bool[]) AS r(id, owner, start, complete)
    JOIN jobs AS j ON j.id = r.id JOIN tasks AS t ON t.id = j.task_id JOIN projects AS p ON p.id = j.project_id
  ),
  removed AS (
    DELETE FROM jobs AS j USING reported AS r
    WHERE r.remove AND j.id = r.id AND j.leased AND j.lease_owner = r.owner AND j.status = r.expected
    RETURNING j.id, j.project_id AS "projectId", j.task_id AS "taskId",
      CASE WHEN r.start THEN :now::timestamptz ELSE j.started_at END AS "startedAt"
  ),
  advanced AS (
    UPDATE jobs AS j SET
      status = CASE WHEN r.complete THEN 'COMPLETED' ELSE 'RUNNING' END,
      started_at = CASE WHEN r.start THEN :now::timestamptz ELSE j.started_at END,
      finished_at = CASE WHEN r.complete THEN :now::timestamptz ELSE j.finished_at END,
      exit_code = CASE WHEN r.complete THEN 0 ELSE j.exit_code END,
      failure_reason = CASE WHEN r.complete THEN NULL ELSE j.failure_reason END,
      leased = NOT r.complete,
      lease_owner = CASE WHEN r.complete THEN NULL ELSE j.lease_owner END,
      lease_expires_at = CASE WHEN r.complete THEN NULL ELSE j.lease_expires_at END,
      updated_at = :now::timestamptz,
      status_history = whatsnext_status_history(j.status_history, j.status, CASE WHEN r.complete THEN 'COMPLETED' ELSE 'RUNNING' END,
        :now::timestamptz, j.lease_owner, j.attempts, j.attempts, NULL)
    FROM reported AS r
    WHERE NOT r.remove AND j.id = r.id AND j.leased AND j.lease_owner = r.owner AND j.status = r.expected
    RETURNING j.id, j.project_id AS "projectId", j.task_id AS "taskId", j.started_at AS "startedAt", r.expected AS "before", j.status AS "after"
  ),
  counted AS (
    SELECT whatsnext_count_status_moves(array_agg("projectId"), array_agg("taskId"), array_agg("before"), array_agg("projectId"), array_agg("taskId"), array_agg("after")) FROM advanced
  )
  SELECT id, "projectId", "taskId", "startedAt" FROM advanced CROSS JOIN counted
  UNION ALL SELECT id, "projectId", "taskId", "startedAt" FROM removed`;

/** The jobs moved on (removed ones included), ascending. */
export const reportRuns = async (sql: TransactionSql, runs: readonly LeasedRun[], now: Date): Promise<AdvancedRun[]> => {
  const wanted = runs.filter((run) => run.start || run.complete);
  if (wanted.length === 0) return [];
  const column = <V>(value: (run: LeasedRun) => V) => asArrayParameter(wanted.map(value));
  const rows = await sql.rows<{ id: unknown; projectId: unknown; taskId: unknown; startedAt: unknown }>(REPORT_RUNS, {
    ids: column((run) => run.id),
    owners: column((run) => run.owner),
    starts: column((run) => run.start),
    completes: column((run) => run.complete),
    now,
  });
  return rows
    .map((row) => ({ id: toNumber(row.id), projectId: toNumber(row.projectId), taskId: toNumber(row.taskId), startedAt: toNullableDate(row.startedAt) }))
    .sort((a, b) => a.id - b.id);
};
