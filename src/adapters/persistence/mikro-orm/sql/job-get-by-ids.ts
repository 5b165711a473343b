import type { Job } from '../../../../domain/job.js';
import { JOB_WITH_DEPENDENCIES, jobFromRow, type JobRow } from '../jobs.table.js';
import { intArray } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/** How a read locks the jobs it reads: not at all, for an update (in id order, so that writers cannot deadlock), or shared. */
export type JobLock = 'none' | 'update' | 'share';

/** The jobs :ids with their dependencies, ascending. No transition; the locks hold to the transaction's end. */
const GET_BY_IDS: Record<JobLock, string> = {
  none: `SELECT ${JOB_WITH_DEPENDENCIES} FROM jobs j WHERE j.id = ANY(:ids::int[]) ORDER BY j.id`,
  update: `SELECT ${JOB_WITH_DEPENDENCIES} FROM jobs j WHERE j.id = ANY(:ids::int[]) ORDER BY j.id FOR UPDATE`,
  share: `SELECT ${JOB_WITH_DEPENDENCIES} FROM jobs j WHERE j.id = ANY(:ids::int[]) ORDER BY j.id FOR SHARE`,
};

export const getJobsByIds = async (sql: TransactionSql, ids: readonly number[], lock: JobLock): Promise<Job[]> => {
  if (ids.length === 0) return [];
  return (await sql.rows<JobRow>(GET_BY_IDS[lock], { ids: intArray(ids) })).map(jobFromRow);
};
