import { Migration } from '@mikro-orm/migrations';

/**
 * Each job's status changes, oldest first, in a jsonb column kept by a row trigger: every
 * statement that changes a status (claims, reports, lease expiry, cancels, blocking) records the
 * change without knowing of it, and the hot paths pay one small append. Inserts record nothing
 * (bulk submission stays as fast): creation is `created_at`. The entry mirrors the domain's
 * `statusChange` (src/domain/status-change.ts) and keeps the latest 100 entries
 * (STATUS_HISTORY_LIMIT); a reason is the failure reason's first line, at most 500 characters
 * (STATUS_REASON_LIMIT). Adding a column with a constant default rewrites no rows: existing jobs
 * start with an empty history.
 */
export class StatusHistoryMigration extends Migration {
  override up(): void {
    this.addSql(`ALTER TABLE jobs ADD COLUMN status_history jsonb NOT NULL DEFAULT '[]'`);
    this.addSql(`
      CREATE FUNCTION whatsnext_record_status_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        history jsonb;
      BEGIN
        history := OLD.status_history || jsonb_build_array(jsonb_build_object(
          'from', OLD.status,
          'to', NEW.status,
          'at', NEW.updated_at,
          'worker', coalesce(NEW.lease_owner, OLD.lease_owner),
          'attempt', NEW.attempts,
          -- A failed run: FAILED, or back to PENDING from a claim keeping the attempt it used.
          'reason', CASE
            WHEN NEW.status = 'FAILED' OR (NEW.status = 'PENDING' AND OLD.status IN ('QUEUED', 'RUNNING') AND NEW.attempts = OLD.attempts)
            THEN left(split_part(NEW.failure_reason, E'\\n', 1), 500)
          END));
        WHILE jsonb_array_length(history) > 100 LOOP
          history := history - 0;
        END LOOP;
        NEW.status_history := history;
        RETURN NEW;
      END $$`);
    this.addSql(`
      CREATE TRIGGER jobs_record_status_change BEFORE UPDATE OF status ON jobs
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION whatsnext_record_status_change()`);
  }

  override down(): void {
    this.addSql('DROP TRIGGER jobs_record_status_change ON jobs');
    this.addSql('DROP FUNCTION whatsnext_record_status_change()');
    this.addSql('ALTER TABLE jobs DROP COLUMN status_history');
  }
}
