import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the dashboard's timeline (`GET /projects/{id}/runs` and `/throughput`), so that
 * both read the window's jobs, never the whole project:
 *
 * - jobs_project_updated_index: jobs by project and last change, only those with a recorded
 *   status change (a job never claimed has none: a million freshly submitted jobs add nothing);
 * - jobs_project_finished_index: COMPLETED and FAILED jobs by project and finish time, with the
 *   task and start time for the run-time figures.
 */
export class RunTimelineMigration extends Migration {
  override up(): void {
    this.addSql(`CREATE INDEX jobs_project_updated_index ON jobs (project_id, updated_at, id) WHERE status_history <> ''`);
    this.addSql(`CREATE INDEX jobs_project_finished_index ON jobs (project_id, finished_at) INCLUDE (task_id, started_at) WHERE status IN ('COMPLETED', 'FAILED')`);
  }

  override down(): void {
    this.addSql(`DROP INDEX jobs_project_finished_index`);
    this.addSql(`DROP INDEX jobs_project_updated_index`);
  }
}
