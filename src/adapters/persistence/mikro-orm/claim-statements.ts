import type { ClaimRequest } from '../../../application/ports/queue.port.js';
import type { Claimant } from '../../../domain/job-transitions.js';
import type { Offer } from '../../../domain/resources.js';
import { JOB, recordStatusChange } from './job-statement-parts.js';
import { statusMovesCounted } from './status-moves-counted.js';
import { TASK_AS_JSON } from './task-sightings.js';

/** What a claim returns: each job, and its task (the claim's caller needs both). */
export const CLAIMED_RETURNING = `${JOB}, ${TASK_AS_JSON('j.task_id')} AS "claimedTask"`;

/** The domain's `claim` transition as a SET list; parameters: `claimedParameters`. */
export const CLAIMED = `status = 'QUEUED', attempts = j.attempts + 1, leased = true, lease_owner = ?, lease_expires_at = ?, updated_at = ?,
  ${recordStatusChange(`'QUEUED'`, '?::timestamptz', 'coalesce(?::text, j.lease_owner)', 'j.attempts + 1', 'NULL')}`;

export const claimedParameters = (claimant: Claimant, now: Date): unknown[] => [
  claimant.owner,
  leaseExpiry(claimant.leaseSeconds, now),
  now,
  now,
  claimant.owner,
];

/** The offer as conditions on a claim candidate `c`; a dimension without a filter adds none. */
export const fitsOffer = (offer: Offer): { conditions: string; params: number[] } => {
  const conditions: string[] = [];
  const params: number[] = [];
  for (const [column, offered] of [
    ['required_cpu', offer.cpu],
    ['required_accelerators', offer.accelerators],
    ['required_memory_mb', offer.memoryMb],
  ] as const) {
    if (offered === null) continue;
    conditions.push(`AND c.${column} <= ?`);
    params.push(offered);
  }
  return { conditions: conditions.join(' '), params };
};

const leaseExpiry = (leaseSeconds: number | null, now: Date): Date | null =>
  leaseSeconds === null ? null : new Date(now.getTime() + leaseSeconds * 1000);

/** A claim's status change: every claimed job was PENDING in its project and is QUEUED now. */
export const CLAIM_MOVE = { fromProject: '"projectId"', fromStatus: `'PENDING'`, toProject: '"projectId"', toStatus: `'QUEUED'` };

/**
 * The domain's `claim` of up to `limit` ready jobs that each fit the offer, as the CTE `claimed`
 * (an UPDATE … RETURNING `returning`, which must hold "projectId") and the CTE `counted` that
 * counts the change: the sub-select walks jobs_claim_order_index and skips rows that other
 * claimers hold, so concurrent claims never wait for nor share a job. The ids are drawn into an
 * array first, so that the update finds each row by its key whatever the planner estimates
 * (joined to the sub-select, a large claim was hashed against a scan of the whole table).
 */
export const claimEachFittingCtes = (request: ClaimRequest, limit: number, returning: string): { ctes: string; params: unknown[] } => {
  const { projectId, offer, claimant, now } = request;
  const { conditions, params } = fitsOffer(offer);
  return {
    ctes: `claimed AS (
       UPDATE jobs AS j SET ${CLAIMED}
       WHERE j.id = ANY(ARRAY(
         SELECT c.id FROM jobs c
         WHERE c.project_id = ? AND c.status = 'PENDING' AND c.unmet_dependencies = 0 ${conditions}
         ORDER BY c.priority DESC, c.id ASC
         LIMIT ?
         FOR UPDATE SKIP LOCKED
       ))
       RETURNING ${returning}
     ),
     ${statusMovesCounted('claimed', CLAIM_MOVE)}`,
    params: [...claimedParameters(claimant, now), projectId, ...params, limit],
  };
};

