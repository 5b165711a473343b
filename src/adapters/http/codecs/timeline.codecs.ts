import * as t from 'io-ts';
import { MAX_RUNS } from '../../../application/jobs/project-runs.js';
import { intBetween, IntFromString } from './primitives.codecs.js';

/** ISO 8601 with a time zone (`Z` or an offset); a `+` must be sent as `%2B`, as in any query string. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** An instant written as ISO 8601 text (query parameters). */
export const DateFromIsoString = new t.Type<Date, string, unknown>(
  'ISO 8601 timestamp with a time zone, e.g. 2026-03-01T10:00:00Z',
  (u): u is Date => u instanceof Date,
  (u, c) => (typeof u === 'string' && ISO_INSTANT.test(u) && Number.isFinite(Date.parse(u)) ? t.success(new Date(Date.parse(u))) : t.failure(u, c)),
  (date) => date.toISOString(),
);

const windowFields = { since: DateFromIsoString, until: DateFromIsoString };

export const RunsQuery = t.exact(t.partial({ ...windowFields, limit: intBetween(IntFromString, 1, MAX_RUNS, `integer from 1 to ${MAX_RUNS}`) }));
export type RunsQuery = t.TypeOf<typeof RunsQuery>;

export const ThroughputQuery = t.exact(t.partial(windowFields));
export type ThroughputQuery = t.TypeOf<typeof ThroughputQuery>;
