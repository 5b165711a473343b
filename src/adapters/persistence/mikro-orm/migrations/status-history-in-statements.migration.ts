import { Migration } from '@mikro-orm/migrations';

/** The status_history migration's trigger function, for `down()`. */
const PLPGSQL_ROW_TRIGGER_FUNCTION = `
  CREATE OR REPLACE FUNCTION whatsnext_record_status_change() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    history jsonb;
  BEGIN
    history := OLD.status_history || jsonb_build_array(jsonb_build_object(
      'from', OLD.status,
      'to', NEW.status,
      'at', NEW.updated_at,
      'worker', coalesce(NEW.lease_owner, OLD.lease_owner),
      'attempt', NEW.attempts,
      'reason', CASE
        WHEN NEW.status = 'FAILED' OR (NEW.status = 'PENDING' AND OLD.status IN ('QUEUED', 'RUNNING') AND NEW.attempts = OLD.attempts)
        THEN left(split_part(NEW.failure_reason, E'\\n', 1), 500)
      END));
    WHILE jsonb_array_length(history) > 100 LOOP
      history := history - 0;
    END LOOP;
    NEW.status_history := history;
    RETURN NEW;
  END $$`;

/** The jsonb history this migration creates; status_history_as_text's `down()` restores it. */
export const JSONB_STATUS_HISTORY_FUNCTION = `
      CREATE FUNCTION whatsnext_status_history(
        history jsonb, old_status text, new_status text, changed_at timestamptz, worker text,
        old_attempts bigint, new_attempts bigint, failure_reason text
      ) RETURNS jsonb LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN old_status IS NOT DISTINCT FROM new_status THEN history ELSE
          (CASE WHEN jsonb_array_length(history) >= 100 THEN history - 0 ELSE history END) || jsonb_build_array(jsonb_build_object(
            'from', old_status,
            'to', new_status,
            'at', changed_at,
            'worker', worker,
            'attempt', new_attempts,
            -- A failed run: FAILED, or back to PENDING from a claim keeping the attempt it used.
            'reason', CASE
              WHEN new_status = 'FAILED' OR (new_status = 'PENDING' AND old_status IN ('QUEUED', 'RUNNING') AND new_attempts = old_attempts)
              THEN left(split_part(failure_reason, E'\\n', 1), 500)
            END))
        END
      $$`;

/**
 * The row trigger's function from here on: it calls whichever `whatsnext_status_history` exists,
 * so later migrations restore it as it stands (status_history_as_text, job_counts_in_statements).
 */
export const HISTORY_ROW_TRIGGER_FUNCTION = `
      CREATE OR REPLACE FUNCTION whatsnext_record_status_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.status_history := whatsnext_status_history(OLD.status_history, OLD.status, NEW.status, NEW.updated_at,
          coalesce(NEW.lease_owner, OLD.lease_owner), OLD.attempts, NEW.attempts, NEW.failure_reason);
        RETURN NEW;
      END $$`;

/** The row trigger from here on: only for a status change no statement recorded. */
export const HISTORY_ROW_TRIGGER = `
      CREATE TRIGGER jobs_record_status_change BEFORE UPDATE OF status ON jobs
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status AND OLD.status_history = NEW.status_history)
        EXECUTE FUNCTION whatsnext_record_status_change()`;

/**
 * The status history is written by the statements that change a status, through one SQL function
 * PostgreSQL inlines into them, instead of by a row trigger: the PL/pgSQL call cost ~4 µs per
 * changed row, a fifth of the database's work in a drain. The trigger stays as a safety net for
 * any statement that changes a status without recording it (its history is then unchanged, which
 * the WHEN clause sees without calling PL/pgSQL). The entry is the status_history migration's:
 * the domain's `statusChange` (src/domain/status-change.ts), the latest 100 entries kept.
 */
export class StatusHistoryInStatementsMigration extends Migration {
  override up(): void {
    this.addSql(JSONB_STATUS_HISTORY_FUNCTION);
    this.addSql(HISTORY_ROW_TRIGGER_FUNCTION);
    this.addSql('DROP TRIGGER jobs_record_status_change ON jobs');
    this.addSql(HISTORY_ROW_TRIGGER);
  }

  override down(): void {
    this.addSql('DROP TRIGGER jobs_record_status_change ON jobs');
    this.addSql(PLPGSQL_ROW_TRIGGER_FUNCTION);
    this.addSql(`
      CREATE TRIGGER jobs_record_status_change BEFORE UPDATE OF status ON jobs
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION whatsnext_record_status_change()`);
    this.addSql('DROP FUNCTION whatsnext_status_history(jsonb, text, text, timestamptz, text, bigint, bigint, text)');
  }
}
