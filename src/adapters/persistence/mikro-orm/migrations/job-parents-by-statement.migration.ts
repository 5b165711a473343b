import { Migration } from '@mikro-orm/migrations';

/**
 * A job's task (and through it its project) is checked once per statement and per task, not once
 * per row: PostgreSQL's foreign keys looked the parents up and key-share locked them for every
 * inserted job, half of a bulk insert's database time. The check locks the tasks the new jobs name
 * as a foreign key would (a concurrent delete waits for the inserting transaction, or the insert
 * fails if the delete came first) and refuses a task that does not exist or belongs to another
 * project, with the foreign key's error code. Deleting tasks deletes their jobs, as the cascade
 * did; deleting a project still deletes its tasks by their own foreign key, and so its jobs.
 */
export class JobParentsByStatementMigration extends Migration {
  override up(): void {
    this.addSql('ALTER TABLE jobs DROP CONSTRAINT jobs_task_id_foreign');
    this.addSql('ALTER TABLE jobs DROP CONSTRAINT jobs_project_id_foreign');
    this.addSql(`
      CREATE FUNCTION whatsnext_check_job_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        missing record;
      BEGIN
        PERFORM 1 FROM tasks t WHERE t.id IN (SELECT DISTINCT task_id FROM new_rows) ORDER BY t.id FOR KEY SHARE OF t;
        SELECT n.task_id, n.project_id INTO missing
          FROM (SELECT DISTINCT task_id, project_id FROM new_rows) n
          WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = n.task_id AND t.project_id = n.project_id)
          LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'jobs refer to task %, which does not exist in project %', missing.task_id, missing.project_id
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    this.addSql(
      `CREATE TRIGGER jobs_check_tasks_inserted AFTER INSERT ON jobs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION whatsnext_check_job_tasks()`,
    );
    // Statements that rewrite whole jobs name task_id without changing it: only a changed one is checked.
    this.addSql(`
      CREATE FUNCTION whatsnext_check_job_task() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM tasks t WHERE t.id = NEW.task_id AND t.project_id = NEW.project_id FOR KEY SHARE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'job % refers to task %, which does not exist in project %', NEW.id, NEW.task_id, NEW.project_id
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    this.addSql(`
      CREATE TRIGGER jobs_check_task_updated AFTER UPDATE OF task_id, project_id ON jobs
        FOR EACH ROW WHEN (OLD.task_id IS DISTINCT FROM NEW.task_id OR OLD.project_id IS DISTINCT FROM NEW.project_id)
        EXECUTE FUNCTION whatsnext_check_job_task()`);
    this.addSql(`
      CREATE FUNCTION whatsnext_delete_jobs_of_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM jobs WHERE task_id IN (SELECT id FROM old_rows);
        RETURN NULL;
      END $$`);
    this.addSql(
      `CREATE TRIGGER tasks_delete_jobs AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION whatsnext_delete_jobs_of_tasks()`,
    );
  }

  override down(): void {
    this.addSql('DROP TRIGGER tasks_delete_jobs ON tasks');
    this.addSql('DROP FUNCTION whatsnext_delete_jobs_of_tasks()');
    this.addSql('DROP TRIGGER jobs_check_task_updated ON jobs');
    this.addSql('DROP FUNCTION whatsnext_check_job_task()');
    this.addSql('DROP TRIGGER jobs_check_tasks_inserted ON jobs');
    this.addSql('DROP FUNCTION whatsnext_check_job_tasks()');
    this.addSql('ALTER TABLE jobs ADD CONSTRAINT jobs_project_id_foreign FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE');
    this.addSql('ALTER TABLE jobs ADD CONSTRAINT jobs_task_id_foreign FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE');
  }
}
