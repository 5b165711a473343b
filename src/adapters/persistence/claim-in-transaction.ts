import * as E from 'fp-ts/lib/Either.js';
import type { ClaimRequest } from '../../application/ports/queue.port.js';
import type { ClaimedJobs, Store } from '../../application/ports/store.port.js';
import { claimWithin } from '../../application/scheduling/claim-within.js';

/**
 * `Store.claim` as a transaction of the store's own: for stores (and claims) that cannot do it in
 * one statement.
 */
export const claimInTransaction = async (
  store: Pick<Store, 'transaction'>,
  request: ClaimRequest,
  limit: number,
  countPending: boolean,
): Promise<ClaimedJobs> => {
  const claimed = await store.transaction<never, ClaimedJobs>(async (tx) => E.right(await claimWithin(tx, request, limit, countPending)));
  // The work never answers Left.
  return E.isRight(claimed) ? claimed.right : claimed.left;
};
