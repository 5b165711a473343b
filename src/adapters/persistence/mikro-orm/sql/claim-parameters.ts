import type { ClaimRequest } from '../../../../application/ports/queue.port.js';
import type { Offer } from '../../../../domain/resources.js';

/** The claimant's parameters of the claim statements (the domain's `claim`: who holds the lease, until when). */
export const claimantParameters = ({ claimant, now }: Pick<ClaimRequest, 'claimant' | 'now'>) => ({
  owner: claimant.owner,
  leaseExpiresAt: claimant.leaseSeconds === null ? null : new Date(now.getTime() + claimant.leaseSeconds * 1000),
  now,
});

/** The offer's parameters of the claim statements: a dimension the worker does not filter on is null, and any job fits it. */
export const offerParameters = (offer: Offer) => ({ cpu: offer.cpu, accelerators: offer.accelerators, memoryMb: offer.memoryMb });
