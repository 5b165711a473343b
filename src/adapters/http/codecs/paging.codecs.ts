import * as t from 'io-ts';
import { MAX_PAGE_SIZE } from '../../../application/paging.js';
import { intAtLeast, intBetween, IntFromString } from './primitives.codecs.js';

/** `limit` (1..10000) and `skip` (>= 0) of every listing. */
export const PageQuery = t.partial({
  limit: intBetween(IntFromString, 1, MAX_PAGE_SIZE, `integer from 1 to ${MAX_PAGE_SIZE}`),
  skip: intAtLeast(IntFromString, 0, 'integer >= 0'),
});
export type PageQuery = t.TypeOf<typeof PageQuery>;

export const pageOf = (query: PageQuery, defaultLimit: number) => ({ limit: query.limit ?? defaultLimit, offset: query.skip ?? 0 });
