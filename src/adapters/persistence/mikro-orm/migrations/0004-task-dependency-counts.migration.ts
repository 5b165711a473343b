import { Migration } from '@mikro-orm/migrations';

/**
 * Job dependencies counted by the tasks of their two ends, for the condensed DAG of a project
 * (tasks as nodes): counting them from job_dependencies joins every edge to both of its jobs,
 * 1.2–2.7 s with 1,000,000 jobs and 1,400,000 edges, and grows with the whole database.
 *
 * task_dependency_counts holds, per project, dependent task and dependency task, the number of
 * edges from a job of the one to a job of the other, summed over shards as job_counts is (each
 * connection adds to its own, pg_backend_pid() % 16, in key order: concurrent submissions rarely
 * wait on one row and cannot deadlock). The statements that write edges count them themselves
 * (sql/job-dependencies-insert.ts, job-update-many.ts, job-delete.ts): only submissions and edits
 * pay, never a claim or a report. Deleting a task removes its rows by the foreign keys, so the
 * edges its jobs took with them are gone from the counts too. The counts are made from the edges
 * already stored, under a lock that lets readers through but no writer. Unlike job_counts, no
 * trigger catches SQL written by hand: edges added or removed, or jobs moved to another task, by
 * other statements are not counted (a row trigger on every edge would cost the bulk insert).
 */
export class TaskDependencyCountsMigration extends Migration {
  override up(): void {
    this.addSql(`LOCK TABLE jobs, job_dependencies IN SHARE ROW EXCLUSIVE MODE`);
    this.addSql(`
      CREATE TABLE task_dependency_counts (
        project_id integer NOT NULL,
        task_id integer NOT NULL CONSTRAINT task_dependency_counts_task_id_foreign REFERENCES tasks (id) ON DELETE CASCADE,
        depends_on_task_id integer NOT NULL
          CONSTRAINT task_dependency_counts_depends_on_task_id_foreign REFERENCES tasks (id) ON DELETE CASCADE,
        shard smallint NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (project_id, task_id, depends_on_task_id, shard)
      )`);
    // Deleting a task looks its rows up by either end.
    this.addSql(`CREATE INDEX task_dependency_counts_task_id_index ON task_dependency_counts (task_id)`);
    this.addSql(`CREATE INDEX task_dependency_counts_depends_on_task_id_index ON task_dependency_counts (depends_on_task_id)`);
    this.addSql(`
      INSERT INTO task_dependency_counts (project_id, task_id, depends_on_task_id, shard, n)
        SELECT j.project_id, j.task_id, p.task_id, 0, count(*)
        FROM job_dependencies d JOIN jobs j ON j.id = d.job_id JOIN jobs p ON p.id = d.depends_on_id
        GROUP BY j.project_id, j.task_id, p.task_id`);
  }

  override down(): void {
    this.addSql(`DROP TABLE task_dependency_counts`);
  }
}
