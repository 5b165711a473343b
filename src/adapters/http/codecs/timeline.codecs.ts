import * as t from 'io-ts';
import { MAX_RUNS } from '../../../application/jobs/project-runs.js';
import { RUN_OUTCOMES } from '../../../domain/run.js';
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

const Instant = t.string;

/** One run in `GET /projects/{id}/runs` (times ISO 8601 in UTC). */
export const RunAnswer = t.type({
  job_id: t.number,
  name: t.string,
  task_id: t.number,
  task_name: t.string,
  attempt: t.number,
  worker: t.union([t.string, t.null]),
  claimed_at: Instant,
  started_at: t.union([Instant, t.null]),
  finished_at: t.union([Instant, t.null]),
  outcome: t.keyof(Object.fromEntries(RUN_OUTCOMES.map((outcome) => [outcome, null])) as Record<(typeof RUN_OUTCOMES)[number], null>),
});
export type RunAnswer = t.TypeOf<typeof RunAnswer>;

/** The answer of `GET /projects/{id}/runs`. */
export const RunsAnswer = t.type({ project_id: t.number, since: Instant, until: Instant, capped: t.boolean, runs: t.array(RunAnswer) });
export type RunsAnswer = t.TypeOf<typeof RunsAnswer>;

/** The answer of `GET /projects/{id}/throughput`. */
export const ThroughputAnswer = t.type({
  project_id: t.number,
  since: Instant,
  until: Instant,
  bucket_seconds: t.number,
  minutes: t.array(t.type({ minute: Instant, completed: t.number, failed: t.number })),
  tasks: t.array(t.type({ task_id: t.number, task_name: t.string, runs: t.number, p50_ms: t.number, mean_ms: t.number, max_ms: t.number })),
});
export type ThroughputAnswer = t.TypeOf<typeof ThroughputAnswer>;
