import type { ClaimRequest } from '../../../../application/ports/queue.port.js';
import { claimOrder, type Job } from '../../../../domain/job.js';
import { JOB_OWN_COLUMNS, jobFromRow, type JobRow } from '../jobs.table.js';
import { toNumber } from '../sql-values.js';
import type { TaskSightings } from '../task-sightings.js';
import type { TransactionSql } from '../transaction-sql.js';
import { claimantParameters, offerParameters } from './claim-parameters.js';

/**
 * Domain transition: `claim` (job-transitions.ts), PENDING → QUEUED, of up to :limit ready jobs of
 * a project that each fit the offer, in claim order (priority DESC, id ASC).
 *
 * The sub-select walks jobs_claim_order_index and skips rows other claimers hold, so concurrent
 * claims never wait for nor share a job; its ids are drawn into an array first, so that the update
 * finds each row by its key whatever the planner estimates (joined to the sub-select, a large claim
 * was hashed against a scan of the whole table). One statement, so it needs no transaction.
 *
 * Beside the claimed jobs it answers, in a row of its own (joined to them, so that it comes even
 * when nothing was claimed): the project's PENDING count as the statement's snapshot saw it (before
 * the claim, the claimed jobs included) when :countPending, and whether the project exists. Each
 * task comes once, with the first of its jobs (its JSON costs more than the rest of a claimed row);
 * the claimed jobs' dependencies are read together (a subquery per job was a third of the claim).
 */
const CLAIM_AVAILABLE = `
  WITH claimed AS (
    UPDATE jobs AS j SET
      status = 'QUEUED', attempts = j.attempts + 1, leased = true,
      lease_owner = :owner::text, lease_expires_at = :leaseExpiresAt::timestamptz, updated_at = :now::timestamptz,
      status_history = whatsnext_status_history(j.status_history, j.status, 'QUEUED', :now::timestamptz,
        coalesce(:owner::text, j.lease_owner), j.attempts, j.attempts + 1, NULL)
    WHERE j.id = ANY(ARRAY(
      SELECT c.id FROM jobs c
      WHERE c.project_id = :projectId AND c.status = 'PENDING' AND c.unmet_dependencies = 0
        AND (:cpu::bigint IS NULL OR c.required_cpu <= :cpu::bigint)
        AND (:accelerators::bigint IS NULL OR c.required_accelerators <= :accelerators::bigint)
        AND (:memoryMb::bigint IS NULL OR c.required_memory_mb <= :memoryMb::bigint)
      ORDER BY c.priority DESC, c.id ASC
      LIMIT :limit
      FOR UPDATE SKIP LOCKED
    ))
    RETURNING ${JOB_OWN_COLUMNS}
  ),
  counted AS (
    SELECT whatsnext_count_status_moves(array_agg("projectId"), array_agg("taskId"), array_agg('PENDING'::text), array_agg("projectId"), array_agg("taskId"), array_agg('QUEUED'::text))
    FROM claimed
  ),
  edges AS (
    SELECT d.job_id, array_agg(d.depends_on_id ORDER BY d.depends_on_id) AS ids FROM job_dependencies d
    WHERE d.job_id = ANY(ARRAY(SELECT id FROM claimed)) GROUP BY d.job_id
  ),
  numbered AS (
    SELECT claimed.*, coalesce(edges.ids, '{}') AS "dependencies", row_number() OVER (PARTITION BY claimed."taskId") AS "nthOfTask"
    FROM claimed LEFT JOIN edges ON edges.job_id = claimed.id
  )
  SELECT numbered.*, project.pending, project.found AS "projectFound",
    CASE WHEN numbered."nthOfTask" = 1 THEN (SELECT row_to_json(t) FROM tasks t WHERE t.id = numbered."taskId") END AS "claimedTask"
  FROM (
    SELECT
      CASE WHEN :countPending::boolean THEN (SELECT coalesce(sum(n), 0) FROM job_counts WHERE project_id = :projectId AND status = 'PENDING') END AS pending,
      EXISTS (SELECT 1 FROM projects WHERE id = :projectId) AS found
  ) AS project
  CROSS JOIN counted
  LEFT JOIN numbered ON true`;

export interface AvailableClaim {
  /** In claim order. */
  readonly jobs: Job[];
  /** The project's PENDING jobs before the claim, when asked for. */
  readonly pending: number | null;
  readonly projectFound: boolean;
}

/** Claims as CLAIM_AVAILABLE says; the claimed jobs' tasks go to `tasksSeen`. */
export const claimAvailable = async (
  sql: TransactionSql,
  tasksSeen: TaskSightings,
  request: ClaimRequest,
  limit: number,
  countPending: boolean,
): Promise<AvailableClaim> => {
  const rows = await sql.rows<JobRow & { claimedTask: unknown; pending: unknown; projectFound: boolean }>(CLAIM_AVAILABLE, {
    projectId: request.projectId,
    ...offerParameters(request.offer),
    ...claimantParameters(request),
    limit: Math.max(limit, 0),
    countPending,
  });
  const claimedRows = rows.filter((row) => row.id !== null);
  for (const row of claimedRows) tasksSeen.sawJson(row.claimedTask);
  const pending = rows[0]?.pending;
  return {
    // RETURNING keeps no order.
    jobs: claimedRows.map(jobFromRow).sort(claimOrder),
    pending: pending === null || pending === undefined ? null : toNumber(pending),
    projectFound: rows[0]?.projectFound === true,
  };
};
