import { isJobStatus, type JobStatus } from '../../../domain/job-status.js';
import type { StatusChange } from '../../../domain/status-change.js';
import { toDate, toNumber } from './sql-values.js';
import type { TransactionSql } from './transaction-sql.js';

/** One entry of `jobs.status_history` as `whatsnext_status_history` writes it (status_history_in_statements migration). */
interface StoredStatusChange {
  readonly from: unknown;
  readonly to: unknown;
  readonly at: unknown;
  readonly worker: unknown;
  readonly attempt: unknown;
  readonly reason: unknown;
}

const status = (jobId: number, value: unknown): JobStatus => {
  if (typeof value === 'string' && isJobStatus(value)) return value;
  throw new Error(`Job ${jobId}: its status history holds an unknown status ${JSON.stringify(value)}.`);
};

const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const toStatusChange = (jobId: number, entry: StoredStatusChange): StatusChange => ({
  from: status(jobId, entry.from),
  to: status(jobId, entry.to),
  at: toDate(entry.at),
  worker: textOrNull(entry.worker),
  attempt: toNumber(entry.attempt),
  reason: textOrNull(entry.reason),
});

/**
 * A job's status history, read only when asked: the column stays out of the job select list so
 * that claims and reports never carry it. Drivers hand jsonb back parsed (pg and PGlite alike);
 * the text form is read too, should a driver not.
 */
export const readStatusHistory = async (sql: TransactionSql, jobId: number): Promise<StatusChange[] | null> => {
  const [row] = await sql.rows<{ history: unknown }>(`SELECT status_history AS history FROM jobs WHERE id = ?`, [jobId]);
  if (row === undefined) return null;
  const history = typeof row.history === 'string' ? (JSON.parse(row.history) as unknown) : row.history;
  if (!Array.isArray(history)) throw new Error(`Job ${jobId}: its status history is not a JSON array.`);
  return (history as StoredStatusChange[]).map((entry) => toStatusChange(jobId, entry));
};
