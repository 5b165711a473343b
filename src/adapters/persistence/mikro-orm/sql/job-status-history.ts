import { isJobStatus, type JobStatus } from '../../../../domain/job-status.js';
import type { StatusChange } from '../../../../domain/status-change.js';
import { toDate, toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

const status = (jobId: number, value: unknown): JobStatus => {
  if (typeof value === 'string' && isJobStatus(value)) return value;
  throw new Error(`Job ${jobId}: its status history holds an unknown status ${JSON.stringify(value)}.`);
};

const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** One line of `jobs.status_history` as `whatsnext_status_history` writes it: `[from, to, at, worker, attempt, reason]`. */
const toStatusChange = (jobId: number, line: string): StatusChange => {
  const entry: unknown = JSON.parse(line);
  if (!Array.isArray(entry) || entry.length !== 6) throw new Error(`Job ${jobId}: its status history holds a malformed entry ${line}.`);
  const [from, to, at, worker, attempt, reason] = entry as unknown[];
  return { from: status(jobId, from), to: status(jobId, to), at: toDate(at), worker: textOrNull(worker), attempt: toNumber(attempt), reason: textOrNull(reason) };
};

/**
 * A job's status history, read only when asked: the column stays out of the job select list so
 * that claims and reports never carry it. It is text, one JSON entry per line, oldest first (the
 * baseline migration, 0001-baseline.migration.ts). No transition.
 */
const STATUS_HISTORY = `SELECT status_history AS history FROM jobs WHERE id = :jobId`;

export const readStatusHistory = async (sql: TransactionSql, jobId: number): Promise<StatusChange[] | null> => {
  const [row] = await sql.rows<{ history: unknown }>(STATUS_HISTORY, { jobId });
  if (row === undefined) return null;
  return statusHistoryFromText(jobId, row.history);
};

/** The column's text as entries, oldest first. */
export const statusHistoryFromText = (jobId: number, history: unknown): StatusChange[] => {
  if (typeof history !== 'string') throw new Error(`Job ${jobId}: its status history is not text.`);
  return history
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => toStatusChange(jobId, line));
};
