import * as t from 'io-ts';
import { JOB_STATUSES } from '../../../domain/job-status.js';
import { Integer, Timestamp, keysOf, nullable } from './common.answers.js';
import { ClaimedJobAnswer } from './jobs.answers.js';
import { TaskAnswer } from './tasks.answers.js';

/** Jobs counted by status: every status, zeros included. */
export const StatusTallyAnswer = t.record(keysOf(JOB_STATUSES), Integer);

/** An entry of a claim's `more`: `task` only where it did not come earlier in the answer (`tasks=once`). */
const MoreAnswer = t.intersection([t.type({ job: ClaimedJobAnswer }), t.partial({ task: TaskAnswer })]);

/**
 * `fetch_job`'s answer: `{job, num_pending}` as the original; a leased claim (with `client_id`)
 * adds `task` and `lease_expires_at`, and `more` when `limit` was given. `num_pending` is null
 * where it is not counted (leased claims).
 */
export const ClaimAnswer = t.intersection([
  t.type({ job: nullable(ClaimedJobAnswer), num_pending: nullable(Integer) }),
  t.partial({ task: nullable(TaskAnswer), lease_expires_at: nullable(Timestamp), more: t.array(MoreAnswer) }),
]);
export type ClaimAnswer = t.TypeOf<typeof ClaimAnswer>;

export const BatchAnswer = t.type({ created: Integer, job_ids: t.array(Integer) });
export type BatchAnswer = t.TypeOf<typeof BatchAnswer>;

export const DeletedAnswer = t.type({ deleted: Integer });
export type DeletedAnswer = t.TypeOf<typeof DeletedAnswer>;

export const StatsAnswer = t.type({
  project_id: Integer,
  total: Integer,
  by_status: StatusTallyAnswer,
  by_task: t.array(t.type({ task_id: Integer, task_name: t.string, total: Integer, by_status: StatusTallyAnswer })),
});
export type StatsAnswer = t.TypeOf<typeof StatsAnswer>;
