import { Migration } from '@mikro-orm/migrations';
import { HISTORY_ROW_TRIGGER, HISTORY_ROW_TRIGGER_FUNCTION } from './status-history-in-statements.migration.js';

/**
 * The statements that change a status count the change themselves, in the same statement (a
 * data-modifying CTE, see status-moves-counted.ts), instead of a statement trigger on every
 * UPDATE. That trigger ran PL/pgSQL and kept a copy of every old and new row for its transition
 * tables on every update, status changed or not: ~100 µs per statement and ~2.5 µs per row, a
 * tenth of a drain's database work. The row trigger that records a status change no statement
 * recorded now counts it too, and counts a job moved to another project: SQL by hand stays counted.
 * Inserts and deletes keep their statement triggers.
 */
export class JobCountsInStatementsMigration extends Migration {
  override up(): void {
    this.addSql('DROP TRIGGER jobs_count_updated ON jobs');
    this.addSql('DROP TRIGGER jobs_record_status_change ON jobs');
    this.addSql(`
      CREATE OR REPLACE FUNCTION whatsnext_record_status_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.status_history := whatsnext_status_history(OLD.status_history, OLD.status, NEW.status, NEW.updated_at,
          coalesce(NEW.lease_owner, OLD.lease_owner), OLD.attempts, NEW.attempts, NEW.failure_reason);
        INSERT INTO job_counts AS c (project_id, status, shard, n)
          SELECT m.project_id, m.status, pg_backend_pid() % 16, m.delta
          FROM (VALUES (OLD.project_id, OLD.status, -1), (NEW.project_id, NEW.status, 1)) AS m(project_id, status, delta)
          ORDER BY m.project_id, m.status
          ON CONFLICT (project_id, status, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
        RETURN NEW;
      END $$`);
    this.addSql(`
      CREATE TRIGGER jobs_record_status_change BEFORE UPDATE OF status, project_id ON jobs
        FOR EACH ROW WHEN ((OLD.status IS DISTINCT FROM NEW.status OR OLD.project_id IS DISTINCT FROM NEW.project_id)
          AND OLD.status_history = NEW.status_history)
        EXECUTE FUNCTION whatsnext_record_status_change()`);
  }

  override down(): void {
    this.addSql('DROP TRIGGER jobs_record_status_change ON jobs');
    // Before this migration: the row trigger only records a status change no statement recorded.
    this.addSql(HISTORY_ROW_TRIGGER_FUNCTION);
    this.addSql(HISTORY_ROW_TRIGGER);
    this.addSql(
      `CREATE TRIGGER jobs_count_updated AFTER UPDATE ON jobs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION whatsnext_count_jobs()`,
    );
  }
}
