import { toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * Domain transition: `renewLease` (job-transitions.ts) of every claimed job whose lease :owner
 * holds: a new expiry, no status change. A claim taken without a lease (no expiry) keeps none: it
 * is held, and left as it is.
 */
const RENEW_LEASES = `
  UPDATE jobs SET
    lease_expires_at = CASE WHEN lease_expires_at IS NULL THEN NULL ELSE :expiresAt::timestamptz END,
    updated_at = CASE WHEN lease_expires_at IS NULL THEN updated_at ELSE :now::timestamptz END
  WHERE lease_owner = :owner AND status IN ('QUEUED', 'RUNNING') AND leased
  RETURNING id`;

/** The renewed jobs' ids, ascending. */
export const renewLeases = async (sql: TransactionSql, owner: string, expiresAt: Date, now: Date): Promise<number[]> => {
  const rows = await sql.rows<{ id: unknown }>(RENEW_LEASES, { owner, expiresAt, now });
  return rows.map((row) => toNumber(row.id)).sort((a, b) => a - b);
};
