import type { Job, Lease } from '../../../domain/job.js';
import { CLAIMED_STATUSES } from '../../../domain/job-status.js';
import { IndexedHeap } from './indexed-heap.js';
import { SetMultimap } from './set-multimap.js';
import { ascending } from './listing.js';

interface Expiry {
  readonly id: number;
  readonly expiresAt: number;
}

/** The lease a job holds: only claimed (QUEUED/RUNNING) jobs hold one. */
const heldLease = (job: Job | undefined): Lease | null =>
  job !== undefined && CLAIMED_STATUSES.has(job.status) ? job.lease : null;

const sameLease = (a: Lease | null, b: Lease | null): boolean =>
  a === b || (a !== null && b !== null && a.owner === b.owner && a.expiresAt?.getTime() === b.expiresAt?.getTime());

/** Held leases by expiry (soonest first) and by owner, so neither reaping nor renewing scans all jobs. */
export class LeaseIndex {
  private readonly byExpiry = new IndexedHeap<Expiry>(
    (expiry) => expiry.id,
    (a, b) => a.expiresAt < b.expiresAt || (a.expiresAt === b.expiresAt && a.id < b.id),
  );
  private readonly byOwner = new SetMultimap<string, number>();

  update(previous: Job | undefined, next: Job | undefined): void {
    const before = heldLease(previous);
    const after = heldLease(next);
    if (sameLease(before, after) && previous?.id === next?.id) return;
    if (previous !== undefined && before !== null) {
      this.byExpiry.remove(previous.id);
      if (before.owner !== null) this.byOwner.delete(before.owner, previous.id);
    }
    if (next !== undefined && after !== null) {
      if (after.expiresAt !== null) this.byExpiry.push({ id: next.id, expiresAt: after.expiresAt.getTime() });
      if (after.owner !== null) this.byOwner.add(after.owner, next.id);
    }
  }

  /** Ids of jobs whose lease expired at or before `now`, soonest expiry first, at most `limit`. */
  expired(now: Date, limit: number): number[] {
    const cutoff = now.getTime();
    return this.byExpiry.takeWhile((expiry) => expiry.expiresAt <= cutoff, limit).map((expiry) => expiry.id);
  }

  /** Ids of the jobs whose lease `owner` holds, ascending. */
  heldBy(owner: string): number[] {
    return [...this.byOwner.get(owner)].sort(ascending);
  }
}
