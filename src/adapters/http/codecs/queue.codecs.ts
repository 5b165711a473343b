import * as t from 'io-ts';
import { BooleanFromString, IdFromString, IntFromString, NumberFromString, intAtLeast } from './primitives.codecs.js';

const Count = intAtLeast(IntFromString, 0, 'integer >= 0');

export const ProjectJobParams = t.type({ project_id: IdFromString, job_id: IdFromString });
export type ProjectJobParams = t.TypeOf<typeof ProjectJobParams>;

/** The longest a claim may wait for a job (long-poll), in seconds. */
export const MAX_WAIT_SECONDS = 300;

/** The most jobs one claim hands out. */
export const MAX_CLAIM_LIMIT = 1_000;

export const FetchJobQuery = t.exact(
  t.partial({
    available_cpu: Count,
    available_accelerators: Count,
    available_memory_mb: Count,
    /** Extension: the worker taking a lease on the job; heartbeats renew it. */
    client_id: t.string,
    /** Extension: wait up to this many seconds for a claimable job. */
    wait: t.refinement(NumberFromString, (s) => s >= 0 && s <= MAX_WAIT_SECONDS, `seconds from 0 to ${MAX_WAIT_SECONDS}`),
    /** Extension: offered numbers are exact, so 0 means "none free" instead of "no filter". */
    exact: BooleanFromString,
    /** Extension (with client_id): claim up to this many jobs at once; the ones after the first come in `more`. */
    limit: t.refinement(NumberFromString, (n) => Number.isInteger(n) && n >= 1 && n <= MAX_CLAIM_LIMIT, `a whole number from 1 to ${MAX_CLAIM_LIMIT}`),
    /** Extension: with `each`, the jobs of one claim fit the offer each on its own (held to run in turn), not together. */
    fit: t.keyof({ together: null, each: null }),
    /** Extension: with `once`, an entry of `more` carries its task only if no job before it in the answer had that task. */
    tasks: t.keyof({ each: null, once: null }),
  }),
);
export type FetchJobQuery = t.TypeOf<typeof FetchJobQuery>;
