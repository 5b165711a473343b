import * as t from 'io-ts';
import { MAX_SLICE_JOBS } from '../../../application/jobs/graph-slice.js';
import { IdFromString, intAtLeast, intBetween, IntFromString } from './primitives.codecs.js';

/** Which slice of the DAG: one task's jobs (paged by `after_id`) or the jobs linked to one job, never both. */
export const GraphJobsQuery = t.refinement(
  t.exact(
    t.partial({
      task_id: IdFromString,
      around: IdFromString,
      after_id: intAtLeast(IntFromString, 0, 'integer >= 0'),
      limit: intBetween(IntFromString, 1, MAX_SLICE_JOBS, `integer from 1 to ${MAX_SLICE_JOBS}`),
    }),
  ),
  (query) => (query.task_id === undefined) !== (query.around === undefined) && (query.after_id === undefined || query.task_id !== undefined),
  'exactly one of task_id and around (after_id with task_id only)',
);
export type GraphJobsQuery = t.TypeOf<typeof GraphJobsQuery>;
