import type { Offer, Requirements } from '../../../../domain/resources.js';
import { toNumber } from '../sql-values.js';
import { offerParameters } from './claim-parameters.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * The first step of a claim of jobs that must fit the offer together (see `packInOrder` in
 * offer-packing.ts): locks up to :limit ready PENDING jobs of the project that each fit what is
 * left of the offer, in claim order after the cursor (:afterPriority, :afterId; null for the first
 * page), skipping rows other claimers hold. No status changes: the chosen ones are claimed by
 * job-claim-chosen.ts; the locks of the rest go at commit.
 */
const LOCK_READY_FITTING = `
  SELECT c.id, c.priority, c.required_cpu, c.required_accelerators, c.required_memory_mb FROM jobs c
  WHERE c.project_id = :projectId AND c.status = 'PENDING' AND c.unmet_dependencies = 0
    AND (:cpu::bigint IS NULL OR c.required_cpu <= :cpu::bigint)
    AND (:accelerators::bigint IS NULL OR c.required_accelerators <= :accelerators::bigint)
    AND (:memoryMb::bigint IS NULL OR c.required_memory_mb <= :memoryMb::bigint)
    AND (:afterPriority::bigint IS NULL OR c.priority < :afterPriority::bigint OR (c.priority = :afterPriority::bigint AND c.id > :afterId::integer))
  ORDER BY c.priority DESC, c.id ASC
  LIMIT :limit
  FOR UPDATE SKIP LOCKED`;

export interface ReadyCandidate {
  readonly id: number;
  readonly priority: number;
  readonly requirements: Requirements;
}

export const lockReadyFitting = async (
  sql: TransactionSql,
  projectId: number,
  offer: Offer,
  after: { readonly priority: number; readonly id: number } | null,
  limit: number,
): Promise<ReadyCandidate[]> => {
  const rows = await sql.rows<{ id: unknown; priority: unknown; required_cpu: unknown; required_accelerators: unknown; required_memory_mb: unknown }>(
    LOCK_READY_FITTING,
    { projectId, ...offerParameters(offer), afterPriority: after?.priority ?? null, afterId: after?.id ?? null, limit },
  );
  return rows.map((row) => ({
    id: toNumber(row.id),
    priority: toNumber(row.priority),
    requirements: { cpu: toNumber(row.required_cpu), accelerators: toNumber(row.required_accelerators), memoryMb: toNumber(row.required_memory_mb) },
  }));
};
