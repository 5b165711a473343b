import { Migration } from '@mikro-orm/migrations';

const countFunction = (updateDelta: string): string => `
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
        SELECT project_id, status, pg_backend_pid() % 16, sum(delta) FROM (${updateDelta}) changes
        GROUP BY project_id, status HAVING sum(delta) <> 0 ORDER BY project_id, status
        ON CONFLICT (project_id, status, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
  END $$`;

/**
 * An UPDATE's count change without joining the old rows to the new: every old row counts -1 and
 * every new row +1 under its (project, status), and what did not change cancels out. The join it
 * replaces had no statistics to plan with (transition tables) and cost ~60 µs a row, more than
 * the update itself.
 */
export class LinearJobCountsMigration extends Migration {
  override up(): void {
    this.addSql(
      countFunction(`SELECT project_id, status, -1 AS delta FROM old_rows UNION ALL SELECT project_id, status, 1 AS delta FROM new_rows`),
    );
  }

  override down(): void {
    this.addSql(
      countFunction(`
        SELECT o.project_id, o.status, -1 AS delta FROM old_rows o JOIN new_rows w ON w.id = o.id WHERE o.status <> w.status
        UNION ALL
        SELECT w.project_id, w.status, 1 AS delta FROM old_rows o JOIN new_rows w ON w.id = o.id WHERE o.status <> w.status`),
    );
  }
}
