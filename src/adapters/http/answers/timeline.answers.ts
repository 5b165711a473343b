import * as t from 'io-ts';
import { RUN_OUTCOMES } from '../../../domain/run.js';
import { Integer, keysOf, nullable, Timestamp } from './common.answers.js';

/** One run in `GET /projects/{id}/runs`. */
export const RunAnswer = t.type({
  job_id: Integer,
  name: t.string,
  task_id: Integer,
  task_name: t.string,
  attempt: Integer,
  worker: nullable(t.string),
  claimed_at: Timestamp,
  started_at: nullable(Timestamp),
  finished_at: nullable(Timestamp),
  outcome: keysOf(RUN_OUTCOMES),
});
export type RunAnswer = t.TypeOf<typeof RunAnswer>;

/** The answer of `GET /projects/{id}/runs`. */
export const RunsAnswer = t.type({ project_id: Integer, since: Timestamp, until: Timestamp, capped: t.boolean, runs: t.array(RunAnswer) });
export type RunsAnswer = t.TypeOf<typeof RunsAnswer>;

/** The answer of `GET /projects/{id}/throughput`. */
export const ThroughputAnswer = t.type({
  project_id: Integer,
  since: Timestamp,
  until: Timestamp,
  bucket_seconds: Integer,
  minutes: t.array(t.type({ minute: Timestamp, completed: Integer, failed: Integer })),
  tasks: t.array(t.type({ task_id: Integer, task_name: t.string, runs: Integer, p50_ms: Integer, mean_ms: t.number, max_ms: Integer })),
});
export type ThroughputAnswer = t.TypeOf<typeof ThroughputAnswer>;
