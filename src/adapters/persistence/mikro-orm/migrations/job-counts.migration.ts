import { Migration } from '@mikro-orm/migrations';

/**
 * Job counts per project and status, kept by statement-level triggers, so that `fetch_job`'s
 * `num_pending` costs one index lookup instead of counting the queue. Each connection adds to its
 * own shard row (backend pid modulo 16), so concurrent claims rarely wait on one counter.
 */
export class JobCountsMigration extends Migration {
  override up(): void {
    this.addSql(`
      CREATE TABLE job_counts (
        project_id integer NOT NULL,
        status text NOT NULL,
        shard smallint NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (project_id, status, shard)
      )`);
    this.addSql(`INSERT INTO job_counts (project_id, status, shard, n) SELECT project_id, status, 0, count(*) FROM jobs GROUP BY project_id, status`);
    this.addSql(`
      CREATE FUNCTION whatsnext_count_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
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
            SELECT project_id, status, pg_backend_pid() % 16, sum(delta) FROM (
              SELECT o.project_id, o.status, -1 AS delta FROM old_rows o JOIN new_rows w ON w.id = o.id WHERE o.status <> w.status
              UNION ALL
              SELECT w.project_id, w.status, 1 AS delta FROM old_rows o JOIN new_rows w ON w.id = o.id WHERE o.status <> w.status
            ) changes
            GROUP BY project_id, status HAVING sum(delta) <> 0 ORDER BY project_id, status
            ON CONFLICT (project_id, status, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
        END IF;
        RETURN NULL;
      END $$`);
    this.addSql(`CREATE TRIGGER jobs_count_inserted AFTER INSERT ON jobs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION whatsnext_count_jobs()`);
    this.addSql(
      `CREATE TRIGGER jobs_count_updated AFTER UPDATE ON jobs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION whatsnext_count_jobs()`,
    );
    this.addSql(`CREATE TRIGGER jobs_count_deleted AFTER DELETE ON jobs REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION whatsnext_count_jobs()`);
  }

  override down(): void {
    this.addSql('DROP TRIGGER jobs_count_deleted ON jobs');
    this.addSql('DROP TRIGGER jobs_count_updated ON jobs');
    this.addSql('DROP TRIGGER jobs_count_inserted ON jobs');
    this.addSql('DROP FUNCTION whatsnext_count_jobs()');
    this.addSql('DROP TABLE job_counts');
  }
}
