import type { Job } from '../../../../domain/job.js';
import { JOB_WITH_DEPENDENCIES, jobFromRow, type JobRow } from '../jobs.table.js';
import { intArray } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/** Every job that waits, directly or not, on job :id (`whatsnext_downstream_jobs`, 0002), ascending. No transition. */
const TRANSITIVE_DEPENDENTS = `
  SELECT ${JOB_WITH_DEPENDENCIES} FROM jobs j
  WHERE j.id IN (SELECT id FROM whatsnext_downstream_jobs(:roots::int[]))
  ORDER BY j.id`;

export const transitiveDependents = async (sql: TransactionSql, id: number): Promise<Job[]> =>
  (await sql.rows<JobRow>(TRANSITIVE_DEPENDENTS, { roots: intArray([id]) })).map(jobFromRow);
