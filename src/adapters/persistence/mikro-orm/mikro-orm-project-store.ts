import type * as E from 'fp-ts/lib/Either.js';
import type { Page, ProjectStore } from '../../../application/ports/project-store.port.js';
import { nameTaken, type NameTaken } from '../../../domain/errors.js';
import type { NewProject, Project, ProjectStatus } from '../../../domain/project.js';
import { guardName } from './name-guard.js';
import { PROJECT_SELECT, projectRecordFromRow, type ProjectRow, projectToDomain, projectToRecord } from './projects.table.js';
import type { SqlParameters } from './named-parameters.js';
import { toNumber } from './sql-values.js';
import type { TransactionSql } from './transaction-sql.js';

const GET = `SELECT ${PROJECT_SELECT} FROM projects WHERE id = :id`;
const GET_BY_NAME = `SELECT ${PROJECT_SELECT} FROM projects WHERE name = :name`;
const LIST = `SELECT ${PROJECT_SELECT} FROM projects WHERE (:status::text IS NULL OR status = :status::text) ORDER BY id LIMIT :limit OFFSET :offset`;
const INSERT = `INSERT INTO projects (name, description, status, retention, retention_seconds, created_at, updated_at)
  VALUES (:name, :description, :status, :retention, :retentionSeconds, :createdAt, :updatedAt) RETURNING id`;
const UPDATE = `UPDATE projects SET name = :name, description = :description, status = :status, retention = :retention,
    retention_seconds = :retentionSeconds, created_at = :createdAt, updated_at = :updatedAt
  WHERE id = :id`;
// Tasks follow through ON DELETE CASCADE, their jobs through the tasks_delete_jobs trigger, and the
// jobs' edges through ON DELETE CASCADE again; the job counts' triggers leave zeroed rows for the
// project, which go with it, once those triggers have run (so in a statement of their own, after).
const DELETE = `DELETE FROM projects WHERE id = :id`;
const DELETE_COUNTS = `DELETE FROM job_counts WHERE project_id = :id`;

/**
 * Projects' CRUD as SQL with bound parameters, not through the EntityManager: MikroORM 6 inlines
 * values into the SQL text, which the PGlite dialect then runs as several statements (without rows)
 * when a value holds a ';' (see test/adapters/persistence/entity-manager-on-pglite.test.ts).
 */
export class MikroOrmProjectStore implements ProjectStore {
  constructor(private readonly sql: TransactionSql) {}

  private async select(sql: string, params: SqlParameters): Promise<Project[]> {
    return (await this.sql.rows<ProjectRow>(sql, params)).map((row) => projectToDomain(projectRecordFromRow(row)));
  }

  async get(id: number): Promise<Project | null> {
    const [project] = await this.select(GET, { id });
    return project ?? null;
  }

  async getByName(name: string): Promise<Project | null> {
    const [project] = await this.select(GET_BY_NAME, { name });
    return project ?? null;
  }

  list(status: ProjectStatus | null, page: Page): Promise<Project[]> {
    return this.select(LIST, { status, limit: page.limit, offset: page.offset });
  }

  insert(project: NewProject): Promise<E.Either<NameTaken, Project>> {
    return guardName(this.sql, () => nameTaken('project', project.name), async () => {
      const [row] = await this.sql.rows<{ id: unknown }>(INSERT, projectToRecord(project));
      return { ...project, id: toNumber(row!.id) };
    });
  }

  update(project: Project): Promise<E.Either<NameTaken, Project>> {
    return guardName(this.sql, () => nameTaken('project', project.name), async () => {
      await this.sql.run(UPDATE, { id: project.id, ...projectToRecord(project) });
      return project;
    });
  }

  async delete(id: number): Promise<void> {
    await this.sql.run(DELETE, { id });
    await this.sql.run(DELETE_COUNTS, { id });
  }
}
