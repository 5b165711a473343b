import { fits, type Offer, type Requirements } from './resources.js';

const less = (offered: number | null, taken: number): number | null => (offered === null ? null : offered - taken);

/** What is left of an offer once `need` is taken from it; a dimension without a filter stays so. */
export const remainingOffer = (offer: Offer, need: Requirements): Offer => ({
  cpu: less(offer.cpu, need.cpu),
  accelerators: less(offer.accelerators, need.accelerators),
  memoryMb: less(offer.memoryMb, need.memoryMb),
});

/**
 * How claimed jobs must fit an offer: `together`, to run side by side now (the offer is the free
 * capacity), or `each` on its own, to be held and run in turn (the offer is the whole worker).
 */
export type Fit = 'together' | 'each';

/**
 * The candidates that fit the offer together (or each on its own, with `each`), taken in the order given (claim order) and at most
 * `limit`: a candidate that no longer fits what the ones before it left is passed over, so a
 * smaller job behind it may still go.
 */
export const packInOrder = <C extends { readonly requirements: Requirements }>(
  candidates: readonly C[],
  offer: Offer,
  limit: number,
  fit: Fit = 'together',
): C[] => {
  if (fit === 'each') return candidates.filter((candidate) => fits(candidate.requirements, offer)).slice(0, limit);
  const packed: C[] = [];
  let left = offer;
  for (const candidate of candidates) {
    if (packed.length >= limit) break;
    if (!fits(candidate.requirements, left)) continue;
    packed.push(candidate);
    left = remainingOffer(left, candidate.requirements);
  }
  return packed;
};
