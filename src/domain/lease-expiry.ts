/**
 * The failure reason of a run whose lease ran out, written and recognised in one place: the status
 * history keeps the reason, and a timeline tells an expired lease from a failed run by it.
 */
export const leaseExpiryReason = (holder: string | null, attempts: number, maxAttempts: number): string =>
  `${holder === null ? 'claim without a lease' : `lease of '${holder}'`} expired (attempt ${attempts} of ${maxAttempts})`;

const LEASE_EXPIRY = /^(claim without a lease|lease of '.*') expired \(attempt \d+ of \d+\)$/s;

export const isLeaseExpiryReason = (reason: string): boolean => LEASE_EXPIRY.test(reason);
