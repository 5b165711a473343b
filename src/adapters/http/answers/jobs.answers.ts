import * as t from 'io-ts';
import { JOB_STATUSES } from '../../../domain/job-status.js';
import { Integer, RawJsonObject, Timestamp, keysOf, nullable } from './common.answers.js';

export const JobStatusAnswer = keysOf(JOB_STATUSES);

/** `{"<job id>": "<job name>"}`, as the original. */
export const DependsAnswer = t.record(t.string, t.string);

/** The job as `fetch_job` hands it out: exactly the keys the Python client's `Job(**job)` accepts (API.md A.3). */
export const ClaimedJobAnswer = t.type({
  id: Integer,
  name: t.string,
  project_id: Integer,
  task_id: Integer,
  task_name: t.string,
  parameters: RawJsonObject,
  priority: Integer,
  status: JobStatusAnswer,
  depends: DependsAnswer,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type ClaimedJobAnswer = t.TypeOf<typeof ClaimedJobAnswer>;

/** The job everywhere else: the original's keys plus status, priority, depends and the run's details. */
export const JobAnswer = t.type({
  id: Integer,
  name: t.string,
  project_id: Integer,
  task_id: Integer,
  parameters: RawJsonObject,
  status: JobStatusAnswer,
  priority: Integer,
  depends: DependsAnswer,
  created_at: Timestamp,
  updated_at: Timestamp,
  unmet_dependencies: Integer,
  attempts: Integer,
  max_attempts: Integer,
  exit_code: nullable(Integer),
  failure_reason: nullable(t.string),
  blocked_by: nullable(Integer),
  lease_owner: nullable(t.string),
  lease_expires_at: nullable(Timestamp),
  started_at: nullable(Timestamp),
  finished_at: nullable(Timestamp),
});
export type JobAnswer = t.TypeOf<typeof JobAnswer>;

/** A completed job its retention (`remove_on_complete`) deleted at once, as a single report answers it. */
export const RemovedJobAnswer = t.type({ id: Integer, status: t.literal('COMPLETED'), removed: t.literal(true) });
export type RemovedJobAnswer = t.TypeOf<typeof RemovedJobAnswer>;

const DependencyAnswer = t.type({ job_id: Integer, job_name: t.string, status: JobStatusAnswer });

export const DependencyStatusAnswer = t.type({
  job_id: Integer,
  job_name: t.string,
  status: JobStatusAnswer,
  dependencies: t.array(DependencyAnswer),
  all_completed: t.boolean,
  has_failed: t.boolean,
  blocked_by: nullable(Integer),
});
export type DependencyStatusAnswer = t.TypeOf<typeof DependencyStatusAnswer>;

export const StatusChangeAnswer = t.type({
  from: JobStatusAnswer,
  to: JobStatusAnswer,
  at: Timestamp,
  worker: nullable(t.string),
  attempt: Integer,
  reason: nullable(t.string),
});
export type StatusChangeAnswer = t.TypeOf<typeof StatusChangeAnswer>;

export const JobHistoryAnswer = t.type({ job_id: Integer, created_at: Timestamp, history: t.array(StatusChangeAnswer) });
export type JobHistoryAnswer = t.TypeOf<typeof JobHistoryAnswer>;
