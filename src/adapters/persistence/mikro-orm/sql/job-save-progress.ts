import type { Job } from '../../../../domain/job.js';
import { asArrayParameter, intArray, toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * Saves what any domain transition of a run gave the jobs (job-transitions.ts: `start`,
 * `complete`, `fail`, `returnToPending`, `cancel`, …) when the caller applied it to jobs it read:
 * the columns a run changes, one array each (no JSON to parse, no edges to compare), and the status
 * history entry of each job whose status changed. The rows are locked in id order first, so that
 * concurrent reports cannot deadlock.
 */
const SAVE_PROGRESS = `
  WITH before AS (SELECT b.id, b.status FROM jobs b WHERE b.id = ANY(:ids::int[]) ORDER BY b.id FOR UPDATE),
  updated AS (
    UPDATE jobs AS j SET
      status = p.status, attempts = p.attempts, leased = p.leased, lease_owner = p.lease_owner,
      lease_expires_at = p.lease_expires_at, exit_code = p.exit_code, failure_reason = p.failure_reason,
      updated_at = p.updated_at, started_at = p.started_at, finished_at = p.finished_at,
      status_history = whatsnext_status_history(j.status_history, j.status, p.status, p.updated_at,
        coalesce(p.lease_owner, j.lease_owner), j.attempts, p.attempts, p.failure_reason)
    FROM unnest(:ids::int[], :statuses::text[], :attempts::int[], :leased::bool[], :leaseOwners::text[], :leaseExpiries::timestamptz[],
        :exitCodes::int[], :failureReasons::text[], :updatedAts::timestamptz[], :startedAts::timestamptz[], :finishedAts::timestamptz[])
      AS p(id, status, attempts, leased, lease_owner, lease_expires_at, exit_code, failure_reason, updated_at, started_at, finished_at),
      before
    WHERE j.id = p.id AND before.id = j.id
    RETURNING j.project_id AS "projectId", j.task_id AS "taskId", before.status AS "before", j.status AS "after"
  ),
  counted AS (
    SELECT whatsnext_count_status_moves(array_agg("projectId"), array_agg("taskId"), array_agg("before"), array_agg("projectId"), array_agg("taskId"), array_agg("after")) FROM updated
  )
  SELECT count(*) AS updated FROM updated CROSS JOIN counted`;

const EXISTING = `SELECT id FROM jobs WHERE id = ANY(:ids::int[])`;

/** Refuses jobs that do not exist, as the memory store does. */
export const saveProgress = async (sql: TransactionSql, jobs: readonly Job[]): Promise<void> => {
  if (jobs.length === 0) return;
  const sorted = [...jobs].sort((a, b) => a.id - b.id);
  const column = <V>(value: (job: Job) => V) => asArrayParameter(sorted.map(value));
  const [result] = await sql.rows<{ updated: unknown }>(SAVE_PROGRESS, {
    ids: column((job) => job.id),
    statuses: column((job) => job.status),
    attempts: column((job) => job.attempts),
    leased: column((job) => job.lease !== null),
    leaseOwners: column((job) => job.lease?.owner ?? null),
    leaseExpiries: column((job) => job.lease?.expiresAt ?? null),
    exitCodes: column((job) => job.exitCode),
    failureReasons: column((job) => job.failureReason),
    updatedAts: column((job) => job.updatedAt),
    startedAts: column((job) => job.startedAt),
    finishedAts: column((job) => job.finishedAt),
  });
  if (toNumber(result?.updated ?? 0) === sorted.length) return;
  const rows = await sql.rows<{ id: unknown }>(EXISTING, { ids: intArray(sorted.map((job) => job.id)) });
  const found = new Set(rows.map((row) => toNumber(row.id)));
  throw new Error(`Cannot update jobs ${sorted.filter((job) => !found.has(job.id)).map((job) => job.id).join(', ')}: they do not exist.`);
};
