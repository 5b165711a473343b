import type { Job } from '../../../../domain/job.js';
import { jobRecordToColumns, jobToRecord } from '../jobs.table.js';
import { intArray, toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * Saves whole jobs as any domain transition or edit left them (job-transitions.ts, job edits):
 * every column from :rows (JSON keyed by column, `json_populate_recordset`), the status history
 * entry of each job whose status changed, and the edges: those no longer wanted dropped, new ones
 * added, unchanged ones not touched. The edges' counts by task (task_dependency_counts) follow:
 * each job's stored edges out are counted out by the tasks before, the wanted ones in by the tasks
 * after (unchanged ones cancel), and the edges into a job that moved to another task move with it.
 * The rows are locked in id order first, so that concurrent writers cannot deadlock. Answers the
 * ids it updated.
 */
const UPDATE_MANY = `
  WITH before AS (SELECT o.id, o.project_id, o.task_id, o.status FROM jobs o WHERE o.id = ANY(:ids::int[]) ORDER BY o.id FOR UPDATE),
  updated AS (
    UPDATE jobs AS j SET
      project_id = b.project_id, task_id = b.task_id, name = b.name, parameters = b.parameters, priority = b.priority,
      status = b.status, unmet_dependencies = b.unmet_dependencies, required_cpu = b.required_cpu,
      required_accelerators = b.required_accelerators, required_memory_mb = b.required_memory_mb, attempts = b.attempts,
      max_attempts = b.max_attempts, leased = b.leased, lease_owner = b.lease_owner, lease_expires_at = b.lease_expires_at,
      exit_code = b.exit_code, failure_reason = b.failure_reason, blocked_by = b.blocked_by, created_at = b.created_at,
      updated_at = b.updated_at, started_at = b.started_at, finished_at = b.finished_at,
      status_history = whatsnext_status_history(j.status_history, j.status, b.status, b.updated_at,
        coalesce(b.lease_owner, j.lease_owner), j.attempts, b.attempts, b.failure_reason)
    FROM json_populate_recordset(NULL::jobs, :rows::json) AS b, before
    WHERE j.id = b.id AND before.id = j.id
    RETURNING j.id, before.project_id AS "beforeProject", before.task_id AS "beforeTask", before.status AS "before",
      j.project_id AS "projectId", j.task_id AS "taskId", j.status AS "after"
  ),
  counted AS (
    SELECT whatsnext_count_status_moves(array_agg("beforeProject"), array_agg("beforeTask"), array_agg("before"), array_agg("projectId"), array_agg("taskId"), array_agg("after")) FROM updated
  ),
  wanted AS (SELECT * FROM unnest(:edgeJobIds::int[], :edgeDependsOnIds::int[]) AS w(job_id, depends_on_id)),
  dropped AS (
    DELETE FROM job_dependencies d
    WHERE d.job_id = ANY(:ids::int[])
      AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.job_id = d.job_id AND w.depends_on_id = d.depends_on_id)
  ),
  added AS (
    INSERT INTO job_dependencies (job_id, depends_on_id)
    SELECT w.job_id, w.depends_on_id FROM wanted w WHERE w.job_id IN (SELECT id FROM updated)
    ON CONFLICT DO NOTHING
  ),
  moved AS (SELECT u.id FROM updated u WHERE u."beforeTask" <> u."taskId"),
  edge_changes AS (
    SELECT d.job_id, d.depends_on_id, -1 AS delta FROM job_dependencies d WHERE d.job_id IN (SELECT id FROM updated)
    UNION ALL SELECT DISTINCT w.job_id, w.depends_on_id, 1 FROM wanted w WHERE w.job_id IN (SELECT id FROM updated)
    UNION ALL SELECT d.job_id, d.depends_on_id, s.delta FROM job_dependencies d CROSS JOIN (VALUES (-1), (1)) AS s(delta)
      WHERE d.depends_on_id IN (SELECT id FROM moved) AND d.job_id NOT IN (SELECT id FROM updated)
  ),
  edges_counted AS (
    INSERT INTO task_dependency_counts AS c (project_id, task_id, depends_on_task_id, shard, n)
    SELECT
      coalesce(CASE WHEN e.delta < 0 THEN uj."beforeProject" ELSE uj."projectId" END, (SELECT j.project_id FROM jobs j WHERE j.id = e.job_id)),
      coalesce(CASE WHEN e.delta < 0 THEN uj."beforeTask" ELSE uj."taskId" END, (SELECT j.task_id FROM jobs j WHERE j.id = e.job_id)),
      coalesce(CASE WHEN e.delta < 0 THEN up."beforeTask" ELSE up."taskId" END, (SELECT p.task_id FROM jobs p WHERE p.id = e.depends_on_id)),
      pg_backend_pid() % 16, sum(e.delta)
    FROM edge_changes e LEFT JOIN updated uj ON uj.id = e.job_id LEFT JOIN updated up ON up.id = e.depends_on_id
    GROUP BY 1, 2, 3 HAVING sum(e.delta) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (project_id, task_id, depends_on_task_id, shard) DO UPDATE SET n = c.n + EXCLUDED.n
  )
  SELECT ARRAY(SELECT id FROM updated) AS updated FROM counted`;

/** Refuses jobs that do not exist, as the memory store does. */
export const updateJobs = async (sql: TransactionSql, jobs: readonly Job[]): Promise<void> => {
  if (jobs.length === 0) return;
  const sorted = [...jobs].sort((a, b) => a.id - b.id);
  const ids = sorted.map((job) => job.id);
  const [result] = await sql.rows<{ updated: unknown[] }>(UPDATE_MANY, {
    ids: intArray(ids),
    rows: JSON.stringify(sorted.map((job) => jobRecordToColumns({ id: job.id, ...jobToRecord(job) }))),
    edgeJobIds: intArray(sorted.flatMap((job) => job.dependencies.map(() => job.id))),
    edgeDependsOnIds: intArray(sorted.flatMap((job) => job.dependencies)),
  });
  const updated = new Set((result?.updated ?? []).map(toNumber));
  const missing = ids.filter((id) => !updated.has(id));
  if (missing.length > 0) throw new Error(`Cannot update jobs ${missing.join(', ')}: they do not exist.`);
};
