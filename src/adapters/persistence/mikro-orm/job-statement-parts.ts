import type { Job } from '../../../domain/job.js';
import { dependenciesFromRow, jobRecordFromRow, type JobRow, jobSelectList, jobToDomain } from './jobs.table.js';

/** The parts of job statements that the job store and the queue share. */

/** A job's columns, as `JobRow` reads them, from the jobs table aliased `j`. */
export const JOB = jobSelectList('j');

export const toJob = (row: JobRow): Job => jobToDomain(jobRecordFromRow(row), dependenciesFromRow(row));

/**
 * A SET list item recording the change from `j`'s status to `newStatus` (see
 * 0001-baseline.migration.ts); the other arguments are SQL expressions.
 */
export const recordStatusChange = (newStatus: string, changedAt: string, worker: string, newAttempts: string, failureReason: string): string =>
  `status_history = whatsnext_status_history(j.status_history, j.status, ${newStatus}, ${changedAt}, ${worker}, j.attempts, ${newAttempts}, ${failureReason})`;

/** The status change of rows returning "projectId", "before" and "after" (the job stays in its project). */
export const MOVE_IN_PROJECT = { fromProject: '"projectId"', fromStatus: '"before"', toProject: '"projectId"', toStatus: '"after"' };

