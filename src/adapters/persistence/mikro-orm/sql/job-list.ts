import type { JobFilter, JobSelection } from '../../../../application/ports/job-store.port.js';
import type { Job } from '../../../../domain/job.js';
import { JOB_WITH_DEPENDENCIES, jobFromRow, type JobRow } from '../jobs.table.js';
import { toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/** A filter's condition on jobs aliased `j`: a null parameter matches any job. */
const MATCHING = `(:projectId::integer IS NULL OR j.project_id = :projectId::integer)
    AND (:taskId::integer IS NULL OR j.task_id = :taskId::integer)
    AND (:status::text IS NULL OR j.status = :status::text)`;

/**
 * A page of the jobs that match the filter, by ascending id, after :afterId when given: the walk
 * of the primary key (or of jobs_project_id_status_id_index, with a status) starts at that key,
 * where OFFSET reads every row it skips. No transition. Listings are planned for their values
 * (see `planEachTime`), so that each filter gets the index it needs.
 */
const LIST = `
  SELECT ${JOB_WITH_DEPENDENCIES} FROM jobs j
  WHERE ${MATCHING} AND (:afterId::integer IS NULL OR j.id > :afterId::integer)
  ORDER BY j.id LIMIT :limit OFFSET :offset`;

/** The ids of every job that matches the filter, ascending. No transition. */
const IDS_MATCHING = `SELECT j.id FROM jobs j WHERE ${MATCHING} ORDER BY j.id`;

const filterParameters = (filter: JobSelection) => ({ projectId: filter.projectId, taskId: filter.taskId, status: filter.status });

export const listJobs = async (sql: TransactionSql, filter: JobFilter): Promise<Job[]> =>
  (await sql.rows<JobRow>(LIST, { ...filterParameters(filter), afterId: filter.afterId ?? null, limit: filter.limit, offset: filter.offset }, { planEachTime: true })).map(jobFromRow);

export const idsOfJobsMatching = async (sql: TransactionSql, filter: JobSelection): Promise<number[]> =>
  (await sql.rows<{ id: unknown }>(IDS_MATCHING, filterParameters(filter), { planEachTime: true })).map((row) => toNumber(row.id));
