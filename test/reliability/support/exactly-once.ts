import type { ExecutionContext } from 'ava';
import type { ChaosResult } from './chaos-run.js';

/** The promise of a run without worker kills: every job COMPLETED, ran exactly once, in DAG order, acknowledged once. */
export const assertEveryJobRanOnce = (t: ExecutionContext, result: ChaosResult, jobs: number): void => {
  const a = result.accounting;
  t.is(a.jobs, jobs);
  t.deepEqual(a.notCompleted.slice(0, 10), [], 'every job COMPLETED');
  t.deepEqual(a.lost.slice(0, 10), [], 'every job ran');
  t.is(a.strangers, 0, 'no side effect of a job outside the workload');
  t.is(a.orderViolations, 0, 'no job ran before its dependencies');
  t.deepEqual(result.acknowledgedTwice, [], 'no completion recorded twice');
  t.deepEqual(a.ranTwice.slice(0, 10), [], 'no job ran twice');
};
