/** The column expressions, over a CTE's rows, of a status change a statement made. */
export interface StatusMove {
  readonly fromProject: string;
  readonly fromStatus: string;
  readonly toProject: string;
  readonly toStatus: string;
}

/**
 * A data-modifying CTE, `counted`, that adds to job_counts the status changes listed by the CTE
 * `rows` (see job_counts in the baseline migration): -1 where each job was, +1 where it went,
 * in this connection's shard, in key order (so that concurrent statements cannot deadlock).
 * Every statement here that records a status change (`recordStatusChange`) counts it this way;
 * rows whose status stayed are not counted (the row trigger counts a move between projects).
 */
export const statusMovesCounted = (rows: string, move: StatusMove): string => `counted AS (
  INSERT INTO job_counts AS c (project_id, status, shard, n)
  SELECT m.project_id, m.status, pg_backend_pid() % 16, sum(m.delta) FROM (
    SELECT ${move.fromProject} AS project_id, ${move.fromStatus} AS status, -1 AS delta FROM ${rows} WHERE ${move.fromStatus} IS DISTINCT FROM ${move.toStatus}
    UNION ALL
    SELECT ${move.toProject}, ${move.toStatus}, 1 FROM ${rows} WHERE ${move.fromStatus} IS DISTINCT FROM ${move.toStatus}
  ) AS m
  GROUP BY m.project_id, m.status HAVING sum(m.delta) <> 0 ORDER BY m.project_id, m.status
  ON CONFLICT (project_id, status, shard) DO UPDATE SET n = c.n + EXCLUDED.n
)`;
