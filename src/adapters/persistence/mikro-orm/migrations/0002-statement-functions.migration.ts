import { Migration } from '@mikro-orm/migrations';

/**
 * SQL that several store statements share, as functions of the schema instead of string fragments
 * glued into each statement (src/adapters/persistence/mikro-orm/sql/ holds the statements):
 *
 * - `whatsnext_count_status_moves`: adds the status changes a statement made to job_counts.
 * - `whatsnext_downstream_jobs`: every job that waits, directly or not, on one of some jobs.
 *
 * It also drops the UPDATE branch of `whatsnext_count_jobs`, which no trigger has called since
 * statements count their own changes (the baseline kept it to match databases made before it).
 */
export class StatementFunctionsMigration extends Migration {
  override up(): void {
    // The status changes of the rows a statement changed, one array element per row: -1 where each
    // job was, +1 where it went, in this connection's shard of job_counts, in key order (so that
    // concurrent statements cannot deadlock). A row whose status stayed is not counted: the
    // jobs_record_status_change trigger counts a move to another project without one. PL/pgSQL,
    // so that the INSERT's plan is kept per connection (an SQL function's is made per call).
    this.addSql(`
      CREATE FUNCTION whatsnext_count_status_moves(
        old_projects integer[], old_statuses text[], new_projects integer[], new_statuses text[]
      ) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO job_counts AS c (project_id, status, shard, n)
          SELECT m.project_id, m.status, pg_backend_pid() % 16, sum(m.delta)
          FROM unnest(old_projects, old_statuses, new_projects, new_statuses) AS r(old_project, old_status, new_project, new_status)
            CROSS JOIN LATERAL (VALUES (r.old_project, r.old_status, -1), (r.new_project, r.new_status, 1)) AS m(project_id, status, delta)
          WHERE r.old_status IS DISTINCT FROM r.new_status
          GROUP BY m.project_id, m.status HAVING sum(m.delta) <> 0 ORDER BY m.project_id, m.status
          ON CONFLICT (project_id, status, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
      END $$`);
    // Every job reachable from `roots` along "is depended on by" edges (not the roots themselves,
    // unless a cycle led back to them, which the domain never stores).
    this.addSql(`
      CREATE FUNCTION whatsnext_downstream_jobs(roots integer[]) RETURNS TABLE (id integer) LANGUAGE sql STABLE AS $$
        WITH RECURSIVE downstream(id) AS (
          SELECT d.job_id FROM job_dependencies d WHERE d.depends_on_id = ANY(roots)
          UNION
          SELECT d.job_id FROM job_dependencies d JOIN downstream s ON d.depends_on_id = s.id
        )
        SELECT downstream.id FROM downstream
      $$`);
    this.addSql(COUNT_JOBS_INSERTED_AND_DELETED);
  }

  override down(): void {
    this.addSql(`DROP FUNCTION whatsnext_downstream_jobs(integer[])`);
    this.addSql(`DROP FUNCTION whatsnext_count_status_moves(integer[], text[], integer[], text[])`);
    this.addSql(COUNT_JOBS_AS_IN_BASELINE);
  }
}

/** The jobs_count_inserted and jobs_count_deleted triggers' function, without the unused UPDATE branch. */
const COUNT_JOBS_INSERTED_AND_DELETED = `
  CREATE OR REPLACE FUNCTION whatsnext_count_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO job_counts AS c (project_id, status, shard, n)
        SELECT project_id, status, pg_backend_pid() % 16, count(*) FROM new_rows GROUP BY project_id, status ORDER BY project_id, status
        ON CONFLICT (project_id, status, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
    ELSE
      INSERT INTO job_counts AS c (project_id, status, shard, n)
        SELECT project_id, status, pg_backend_pid() % 16, -count(*) FROM old_rows GROUP BY project_id, status ORDER BY project_id, status
        ON CONFLICT (project_id, status, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
  END $$`;

/** The function as 0001_baseline made it, word for word, so that a downgrade gives back that schema. */
const COUNT_JOBS_AS_IN_BASELINE = `
      CREATE OR REPLACE FUNCTION whatsnext_count_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO job_counts AS c (project_id, status, shard, n)
            SELECT project_id, status, pg_backend_pid() % 16, count(*) FROM new_rows GROUP BY project_id, status ORDER BY project_id, status
            ON CONFLICT (project_id, status, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO job_counts AS c (project_id, status, shard, n)
            SELECT project_id, status, pg_backend_pid() % 16, -count(*) FROM old_rows GROUP BY project_id, status ORDER BY project_id, status
            ON CONFLICT (project_id, status, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
        ELSE
          INSERT INTO job_counts AS c (project_id, status, shard, n)
            SELECT project_id, status, pg_backend_pid() % 16, sum(delta) FROM (SELECT project_id, status, -1 AS delta FROM old_rows UNION ALL SELECT project_id, status, 1 AS delta FROM new_rows) changes
            GROUP BY project_id, status HAVING sum(delta) <> 0 ORDER BY project_id, status
            ON CONFLICT (project_id, status, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
        END IF;
        RETURN NULL;
      END $$`;
