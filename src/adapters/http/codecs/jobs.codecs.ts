import * as t from 'io-ts';
import { JOB_STATUSES } from '../../../domain/job-status.js';
import { PageQuery } from './paging.codecs.js';
import { IdFromString, IntFromString, JsonObject, SafeId, SafeInt, caseInsensitive, intAtLeast, intBetween } from './primitives.codecs.js';
import { MAX_CLAIM_LIMIT, MAX_WAIT_SECONDS } from './queue.codecs.js';

export const JobStatusInput = caseInsensitive('JobStatus', JOB_STATUSES);

export const JobIdParams = t.type({ job_id: IdFromString });
export type JobIdParams = t.TypeOf<typeof JobIdParams>;

export const JobListQuery = t.exact(
  t.intersection([
    PageQuery,
    t.partial({ project_id: IdFromString, task_id: IdFromString, after_id: intAtLeast(IntFromString, 0, 'integer >= 0'), status: t.union([JobStatusInput, caseInsensitive('All', ['ALL'] as const)]) }),
  ]),
);
export type JobListQuery = t.TypeOf<typeof JobListQuery>;

/**
 * A dependency inside a batch (extension): an existing job's id, the `key` of a job of the same
 * batch, or `{"position": n}` of one.
 */
export const BatchReference = t.union([SafeId, t.string, t.type({ position: intAtLeast(SafeInt, 0, 'integer >= 0') })]);
export type BatchReference = t.TypeOf<typeof BatchReference>;

const JobOptions = t.partial({
  parameters: JsonObject,
  priority: SafeInt,
  /** `{"<job id>": "<job name>"}` as the original; the names are informational. */
  depends: t.union([JsonObject, t.null]),
});

export const CreateJobBody = t.exact(
  t.intersection([t.type({ name: t.string, project_id: SafeId, task_id: SafeId }), JobOptions, t.partial({ status: JobStatusInput })]),
);
export type CreateJobBody = t.TypeOf<typeof CreateJobBody>;

/** Any subset of the fields; what a client read with GET may be sent back as is (extra keys ignored). */
export const UpdateJobBody = t.exact(
  t.intersection([t.partial({ name: t.string, project_id: SafeId, task_id: SafeId, status: JobStatusInput }), JobOptions]),
);
export type UpdateJobBody = t.TypeOf<typeof UpdateJobBody>;

export const BatchJob = t.exact(
  t.intersection([
    t.type({ name: t.string, task_id: SafeId }),
    JobOptions,
    t.partial({ key: t.string, depends_on: t.array(BatchReference) }),
  ]),
);
export const BatchBody = t.exact(t.type({ jobs: t.array(BatchJob) }));
export type BatchBody = t.TypeOf<typeof BatchBody>;

/** A worker's report on a job it holds (extension); `client_id` names the lease holder. */
export const ReportBody = t.exact(
  t.partial({ client_id: t.string, reason: t.string, exit_code: t.union([SafeInt, t.null]) }),
);
export type ReportBody = t.TypeOf<typeof ReportBody>;

/** The most reports one request may carry. */
export const MAX_REPORTS = 1_000;

const Count = intAtLeast(SafeInt, 0, 'integer >= 0');

/**
 * Extension: the claim a worker's reports carry, claimed after them (fetch_job's leased claim with
 * an exact offer: 0 means none free; no `available_memory_mb`, no memory filter).
 */
export const ReportsClaim = t.exact(
  t.intersection([
    t.type({ project_id: SafeId, available_cpu: Count, available_accelerators: Count }),
    t.partial({
      available_memory_mb: Count,
      /** Claim up to this many jobs (default 1); the ones after the first come in `more`. */
      limit: intBetween(SafeInt, 1, MAX_CLAIM_LIMIT, `a whole number from 1 to ${MAX_CLAIM_LIMIT}`),
      fit: t.keyof({ together: null, each: null }),
      /** Seconds to wait for a claimable job when none is ready after the reports (default 0). */
      wait: t.refinement(t.number, (s) => Number.isFinite(s) && s >= 0 && s <= MAX_WAIT_SECONDS, `seconds from 0 to ${MAX_WAIT_SECONDS}`),
      tasks: t.keyof({ each: null, once: null }),
    }),
  ]),
);
export type ReportsClaim = t.TypeOf<typeof ReportsClaim>;

/** Extension: many start/complete reports of one worker in one request, applied in order; maybe its next claim. */
export const ReportsBody = t.exact(
  t.intersection([
    t.type({
      reports: t.refinement(
        t.array(t.exact(t.type({ job_id: SafeId, action: t.keyof({ start: null, complete: null }) }))),
        (reports) => reports.length >= 1 && reports.length <= MAX_REPORTS,
        `from 1 to ${MAX_REPORTS} reports`,
      ),
    }),
    t.partial({ client_id: t.string, claim: ReportsClaim }),
  ]),
);
export type ReportsBody = t.TypeOf<typeof ReportsBody>;
