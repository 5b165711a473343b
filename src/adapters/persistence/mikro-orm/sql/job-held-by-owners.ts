import type { HeldResources } from '../../../../application/ports/queue.port.js';
import { asArrayParameter, toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * What the claimed (QUEUED/RUNNING) jobs of each lease owner require, summed: read through
 * jobs_lease_owner_index, which holds claimed jobs only, so the cost is the jobs in flight.
 * No transition.
 */
const HELD_BY_OWNERS = `
  SELECT lease_owner AS owner, count(*) AS jobs, sum(required_cpu) AS cpu, sum(required_accelerators) AS accelerators,
    sum(required_memory_mb) AS memory_mb
  FROM jobs WHERE lease_owner = ANY(:owners::text[]) AND status IN ('QUEUED', 'RUNNING')
  GROUP BY lease_owner ORDER BY lease_owner COLLATE "C"`;

interface HeldRow {
  readonly owner: string;
  readonly jobs: unknown;
  readonly cpu: unknown;
  readonly accelerators: unknown;
  readonly memory_mb: unknown;
}

export const heldByOwners = async (sql: TransactionSql, owners: readonly string[]): Promise<HeldResources[]> => {
  if (owners.length === 0) return [];
  const rows = await sql.rows<HeldRow>(HELD_BY_OWNERS, { owners: asArrayParameter(owners) });
  return rows.map((row) => ({
    owner: row.owner,
    jobs: toNumber(row.jobs),
    requirements: { cpu: toNumber(row.cpu), accelerators: toNumber(row.accelerators), memoryMb: toNumber(row.memory_mb) },
  }));
};
