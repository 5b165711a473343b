import type { SqlEntityManager } from '@mikro-orm/postgresql';
import type * as E from 'fp-ts/lib/Either.js';
import type { Page, ProjectStore } from '../../../application/ports/project-store.port.js';
import { nameTaken, type NameTaken } from '../../../domain/errors.js';
import type { NewProject, Project, ProjectStatus } from '../../../domain/project.js';
import { guardName } from './name-guard.js';
import { projectToDomain, projectToRecord } from './project.mapper.js';
import type { ProjectRecord } from './project.record.js';
import { ProjectSchema } from './project.schema.js';
import type { TransactionSql } from './transaction-sql.js';

/** Reads bypass the identity map: raw statements of the same transaction may have changed rows. */
const fresh = { disableIdentityMap: true } as const;

export class MikroOrmProjectStore implements ProjectStore {
  constructor(
    private readonly em: SqlEntityManager,
    private readonly sql: TransactionSql,
  ) {}

  async get(id: number): Promise<Project | null> {
    const record = await this.em.findOne(ProjectSchema, { id }, fresh);
    return record === null ? null : projectToDomain(record);
  }

  async getByName(name: string): Promise<Project | null> {
    const record = await this.em.findOne(ProjectSchema, { name }, fresh);
    return record === null ? null : projectToDomain(record);
  }

  async list(status: ProjectStatus | null, page: Page): Promise<Project[]> {
    const records = await this.em.find(ProjectSchema, status === null ? {} : { status }, {
      ...fresh,
      orderBy: { id: 'asc' },
      limit: page.limit,
      offset: page.offset,
    });
    return records.map(projectToDomain);
  }

  insert(project: NewProject): Promise<E.Either<NameTaken, Project>> {
    return guardName(this.sql, () => nameTaken('project', project.name), async () => {
      const id = await this.em.insert<ProjectRecord>(ProjectSchema, projectToRecord(project));
      return { ...project, id: Number(id) };
    });
  }

  update(project: Project): Promise<E.Either<NameTaken, Project>> {
    return guardName(this.sql, () => nameTaken('project', project.name), async () => {
      await this.em.nativeUpdate(ProjectSchema, { id: project.id }, projectToRecord(project));
      return project;
    });
  }

  async delete(id: number): Promise<void> {
    // Tasks, jobs and edges follow through ON DELETE CASCADE; the job counts' triggers leave
    // zeroed rows for the project, which go with it.
    await this.em.nativeDelete(ProjectSchema, { id });
    await this.sql.run('DELETE FROM job_counts WHERE project_id = ?', [id]);
  }
}
