import type { AdvancedRun, LeasedRun } from '../../../../application/ports/queue.port.js';
import { toNullableDate, toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * Domain transitions: `start` (QUEUED → RUNNING) and then `complete` (RUNNING → COMPLETED), as each
 * run says, for lease holders (job-transitions.ts), in one statement: the WHERE clauses are their
 * preconditions (the run's owner holds the lease; the status is the one the first transition
 * expects), the SET list their changes, and the status history gets one entry per job, from the
 * status before to the status after. Jobs in any other state are left alone: the caller refuses
 * them with the domain's reasons.
 *
 * Each completed job says whether its retention (its task's, else its project's) is
 * `remove_on_complete`: the caller's removeOnComplete deletes those after their dependents are
 * satisfied, and a batch without any costs no statement more. Not deleted here: whether a job has
 * dependents can only be known in a statement that starts once its row is locked, since a job
 * submitted meanwhile may have committed an edge to it (deleted here, the edge went with it and
 * the dependent waited forever: test/adapters/persistence/dependency-races.test.ts).
 *
 * The runs come as one JSON parameter rather than parallel arrays: PostgreSQL estimates
 * json_to_recordset at 100 rows whatever its value, so after five runs the prepared statement keeps
 * a generic plan. From arrays, whose length a custom plan knows, each batch was planned anew:
 * 0.9 ms of the 1.3 ms the statement took for a one-job batch (a chain's every step).
 */
const REPORT_RUNS = `
  WITH advanced AS (
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
    FROM json_to_recordset(:runs::json) AS r(id int, owner text, start bool, complete bool)
    WHERE j.id = r.id AND j.leased AND j.lease_owner = r.owner AND j.status = CASE WHEN r.start THEN 'QUEUED' ELSE 'RUNNING' END
    RETURNING j.id, j.project_id AS "projectId", j.task_id AS "taskId", j.started_at AS "startedAt",
      CASE WHEN r.start THEN 'QUEUED' ELSE 'RUNNING' END AS "before", j.status AS "after", r.complete
  ),
  counted AS (
    SELECT whatsnext_count_status_moves(array_agg("projectId"), array_agg("taskId"), array_agg("before"), array_agg("projectId"), array_agg("taskId"), array_agg("after")) FROM advanced
  )
  SELECT a.id, a."projectId", a."taskId", a."startedAt",
    a.complete AND coalesce(t.retention, p.retention) = 'remove_on_complete' AS "awaitsRemoval"
  FROM advanced AS a CROSS JOIN counted JOIN tasks AS t ON t.id = a."taskId" JOIN projects AS p ON p.id = a."projectId"`;

/** The jobs moved on, ascending. */
export const reportRuns = async (sql: TransactionSql, runs: readonly LeasedRun[], now: Date): Promise<AdvancedRun[]> => {
  const wanted = runs.filter((run) => run.start || run.complete);
  if (wanted.length === 0) return [];
  const runsJson = JSON.stringify(wanted.map(({ id, owner, start, complete }) => ({ id, owner, start, complete })));
  const rows = await sql.rows<{ id: unknown; projectId: unknown; taskId: unknown; startedAt: unknown; awaitsRemoval: boolean }>(REPORT_RUNS, {
    runs: runsJson,
    now,
  });
  return rows
    .map((row) => ({
      id: toNumber(row.id),
      projectId: toNumber(row.projectId),
      taskId: toNumber(row.taskId),
      startedAt: toNullableDate(row.startedAt),
      awaitsRemoval: row.awaitsRemoval,
    }))
    .sort((a, b) => a.id - b.id);
};
