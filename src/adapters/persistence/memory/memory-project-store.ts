import * as E from 'fp-ts/lib/Either.js';
import type { Page, ProjectStore } from '../../../application/ports/project-store.port.js';
import { nameTaken, type NameTaken } from '../../../domain/errors.js';
import type { NewProject, Project, ProjectStatus } from '../../../domain/project.js';
import type { MemoryTables } from './memory-tables.js';
import { byId, pageOf } from './listing.js';
import type { UndoLog } from './undo-log.js';

export class MemoryProjectStore implements ProjectStore {
  constructor(
    private readonly tables: MemoryTables,
    private readonly log: UndoLog,
  ) {}

  async get(id: number): Promise<Project | null> {
    return this.tables.projects.get(id) ?? null;
  }

  async getByName(name: string): Promise<Project | null> {
    const id = this.tables.projects.idByName(name);
    return id === undefined ? null : (this.tables.projects.get(id) ?? null);
  }

  async list(status: ProjectStatus | null, page: Page): Promise<Project[]> {
    const matching = [...this.tables.projects.values()].filter((project) => status === null || project.status === status);
    return pageOf(matching.sort(byId), page);
  }

  async insert(project: NewProject): Promise<E.Either<NameTaken, Project>> {
    if (this.tables.projects.idByName(project.name) !== undefined) return E.left(nameTaken('project', project.name));
    const id = this.tables.projects.ids.next(this.log);
    return E.right(this.tables.projects.save({ ...project, id }, this.log));
  }

  async update(project: Project): Promise<E.Either<NameTaken, Project>> {
    if (this.tables.projects.get(project.id) === undefined) throw new Error(`Cannot update project ${project.id}: it does not exist.`);
    const holder = this.tables.projects.idByName(project.name);
    if (holder !== undefined && holder !== project.id) return E.left(nameTaken('project', project.name));
    return E.right(this.tables.projects.save(project, this.log));
  }

  async delete(id: number): Promise<void> {
    const { projects, tasks, jobs } = this.tables;
    jobs.removeJobs(jobs.idsOfProject(id), this.log);
    for (const taskId of [...tasks.idsOfProject(id)]) tasks.remove(taskId, this.log);
    projects.remove(id, this.log);
  }
}
