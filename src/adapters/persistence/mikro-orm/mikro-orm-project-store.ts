import type * as E from 'fp-ts/lib/Either.js';
import type { Page, ProjectStore } from '../../../application/ports/project-store.port.js';
import { nameTaken, type NameTaken } from '../../../domain/errors.js';
import type { NewProject, Project, ProjectStatus } from '../../../domain/project.js';
import { guardName } from './name-guard.js';
import { PROJECT_COLUMNS, PROJECT_SELECT, PROJECT_WRITABLE_PROPERTIES, projectRecordFromRow, type ProjectRow, projectToDomain, projectToRecord } from './projects.table.js';
import { toNumber } from './sql-values.js';
import type { TransactionSql } from './transaction-sql.js';

const WRITABLE = PROJECT_WRITABLE_PROPERTIES.map((property) => PROJECT_COLUMNS[property]).join(', ');

/**
 * Raw SQL with bound parameters, not the EntityManager: MikroORM inlines values into the SQL text,
 * which the PGlite dialect runs as several statements (without rows) when the text holds a ';'.
 */
export class MikroOrmProjectStore implements ProjectStore {
  constructor(private readonly sql: TransactionSql) {}

  private async select(sql: string, params: readonly unknown[]): Promise<Project[]> {
    return (await this.sql.rows<ProjectRow>(sql, params)).map((row) => projectToDomain(projectRecordFromRow(row)));
  }

  async get(id: number): Promise<Project | null> {
    const [project] = await this.select(`SELECT ${PROJECT_SELECT} FROM projects WHERE id = ? LIMIT 1`, [id]);
    return project ?? null;
  }

  async getByName(name: string): Promise<Project | null> {
    const [project] = await this.select(`SELECT ${PROJECT_SELECT} FROM projects WHERE name = ? LIMIT 1`, [name]);
    return project ?? null;
  }

  list(status: ProjectStatus | null, page: Page): Promise<Project[]> {
    return status === null
      ? this.select(`SELECT ${PROJECT_SELECT} FROM projects ORDER BY id ASC LIMIT ? OFFSET ?`, [page.limit, page.offset])
      : this.select(`SELECT ${PROJECT_SELECT} FROM projects WHERE status = ? ORDER BY id ASC LIMIT ? OFFSET ?`, [status, page.limit, page.offset]);
  }

  insert(project: NewProject): Promise<E.Either<NameTaken, Project>> {
    return guardName(this.sql, () => nameTaken('project', project.name), async () => {
      const record = projectToRecord(project);
      const [row] = await this.sql.rows<{ id: unknown }>(
        `INSERT INTO projects (${WRITABLE}) VALUES (${PROJECT_WRITABLE_PROPERTIES.map(() => '?').join(', ')}) RETURNING id`,
        PROJECT_WRITABLE_PROPERTIES.map((property) => record[property]),
      );
      return { ...project, id: toNumber(row!.id) };
    });
  }

  update(project: Project): Promise<E.Either<NameTaken, Project>> {
    return guardName(this.sql, () => nameTaken('project', project.name), async () => {
      const record = projectToRecord(project);
      await this.sql.run(
        `UPDATE projects SET ${PROJECT_WRITABLE_PROPERTIES.map((property) => `${PROJECT_COLUMNS[property]} = ?`).join(', ')} WHERE id = ?`,
        [...PROJECT_WRITABLE_PROPERTIES.map((property) => record[property]), project.id],
      );
      return project;
    });
  }

  async delete(id: number): Promise<void> {
    // Tasks follow through ON DELETE CASCADE, their jobs through the tasks_delete_jobs trigger, and
    // the jobs' edges through ON DELETE CASCADE again; the job counts' triggers leave
    // zeroed rows for the project, which go with it.
    await this.sql.run('DELETE FROM projects WHERE id = ?', [id]);
    await this.sql.run('DELETE FROM job_counts WHERE project_id = ?', [id]);
  }
}
