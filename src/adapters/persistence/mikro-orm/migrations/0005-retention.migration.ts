import { Migration } from '@mikro-orm/migrations';

/**
 * Retention per project and per task (domain/retention.ts): `retention` is `keep`, `keep_for` (with
 * `retention_seconds`) or `remove_on_complete`; a task's NULL follows its project. Existing
 * projects keep every finished job, as before.
 *
 * The sweeper of `keep_for` reads finished jobs by task and status (jobs_task_id_status_index)
 * and needs no index of its own.
 */
export class RetentionMigration extends Migration {
  override up(): void {
    this.addSql(`
      ALTER TABLE projects
        ADD COLUMN retention text NOT NULL DEFAULT 'keep'
          CONSTRAINT projects_retention_check CHECK (retention IN ('keep', 'keep_for', 'remove_on_complete')),
        ADD COLUMN retention_seconds bigint NULL,
        ADD CONSTRAINT projects_retention_seconds_check CHECK ((retention = 'keep_for') = coalesce(retention_seconds > 0, false))`);
    this.addSql(`
      ALTER TABLE tasks
        ADD COLUMN retention text NULL
          CONSTRAINT tasks_retention_check CHECK (retention IN ('keep', 'keep_for', 'remove_on_complete')),
        ADD COLUMN retention_seconds bigint NULL,
        ADD CONSTRAINT tasks_retention_seconds_check CHECK ((coalesce(retention, '') = 'keep_for') = coalesce(retention_seconds > 0, false))`);
  }

  override down(): void {
    this.addSql(`ALTER TABLE tasks DROP COLUMN retention_seconds, DROP COLUMN retention`);
    this.addSql(`ALTER TABLE projects DROP COLUMN retention_seconds, DROP COLUMN retention`);
  }
}
