import type { ClaimRequest } from '../../../../application/ports/queue.port.js';
import type { Job } from '../../../../domain/job.js';
import { JOB_WITH_DEPENDENCIES, jobFromRow, type JobRow } from '../jobs.table.js';
import { intArray } from '../sql-values.js';
import type { TaskSightings } from '../task-sightings.js';
import type { TransactionSql } from '../transaction-sql.js';
import { claimantParameters } from './claim-parameters.js';

/**
 * Domain transition: `claim` (job-transitions.ts), PENDING → QUEUED, of the jobs :ids, which
 * job-lock-ready-fitting.ts locked and the domain packed into the offer (a job no longer PENDING is
 * left alone). Each job comes with its task, for the claim's caller. The same SET list as
 * job-claim-available.ts.
 */
const CLAIM_CHOSEN = `
  WITH claimed AS (
    UPDATE jobs AS j SET
      status = 'QUEUED', attempts = j.attempts + 1, leased = true,
      lease_owner = :owner::text, lease_expires_at = :leaseExpiresAt::timestamptz, updated_at = :now::timestamptz,
      status_history = whatsnext_status_history(j.status_history, j.status, 'QUEUED', :now::timestamptz,
        coalesce(:owner::text, j.lease_owner), j.attempts, j.attempts + 1, NULL)
    WHERE j.id = ANY(:ids::int[]) AND j.status = 'PENDING'
    RETURNING ${JOB_WITH_DEPENDENCIES}, (SELECT row_to_json(t) FROM tasks t WHERE t.id = j.task_id) AS "claimedTask"
  ),
  counted AS (
    SELECT whatsnext_count_status_moves(array_agg("projectId"), array_agg("taskId"), array_agg('PENDING'::text), array_agg("projectId"), array_agg("taskId"), array_agg('QUEUED'::text))
    FROM claimed
  )
  SELECT claimed.* FROM claimed CROSS JOIN counted`;

/** The claimed jobs in the order of `ids`; their tasks go to `tasksSeen`. */
export const claimChosen = async (sql: TransactionSql, tasksSeen: TaskSightings, request: Pick<ClaimRequest, 'claimant' | 'now'>, ids: readonly number[]): Promise<Job[]> => {
  const rows = await sql.rows<JobRow & { claimedTask: unknown }>(CLAIM_CHOSEN, { ...claimantParameters(request), ids: intArray(ids) });
  for (const row of rows) tasksSeen.sawJson(row.claimedTask);
  // RETURNING keeps no order.
  const position = new Map(ids.map((id, index) => [id, index]));
  return rows.map(jobFromRow).sort((a, b) => position.get(a.id)! - position.get(b.id)!);
};
