import * as E from 'fp-ts/lib/Either.js';
import type { Page } from '../../../application/ports/project-store.port.js';
import type { TaskStore } from '../../../application/ports/task-store.port.js';
import { nameTaken, type NameTaken } from '../../../domain/errors.js';
import type { NewTask, Task } from '../../../domain/task.js';
import type { MemoryTables } from './memory-tables.js';
import { ascending, byId, pageOf } from './listing.js';
import type { UndoLog } from './undo-log.js';

export class MemoryTaskStore implements TaskStore {
  constructor(
    private readonly tables: MemoryTables,
    private readonly log: UndoLog,
  ) {}

  async get(id: number): Promise<Task | null> {
    return this.tables.tasks.get(id) ?? null;
  }

  async getMany(ids: readonly number[]): Promise<Task[]> {
    return [...new Set(ids)].sort(ascending).flatMap((id) => this.tables.tasks.get(id) ?? []);
  }

  async getByName(name: string, projectId: number | null): Promise<Task | null> {
    const named = [...this.tables.tasks.idsByName(name)]
      .map((id) => this.tables.tasks.get(id)!)
      .filter((task) => projectId === null || task.projectId === projectId);
    return named.sort(byId)[0] ?? null;
  }

  async list(projectId: number, page: Page): Promise<Task[]> {
    const tasks = [...this.tables.tasks.idsOfProject(projectId)].map((id) => this.tables.tasks.get(id)!);
    return pageOf(tasks.sort(byId), page);
  }

  async insert(task: NewTask): Promise<E.Either<NameTaken, Task>> {
    this.requireProject(task.projectId);
    if (this.nameHolder(task) !== undefined) return E.left(this.taken(task));
    const id = this.tables.tasks.ids.next(this.log);
    return E.right(this.tables.tasks.save({ ...task, id }, this.log));
  }

  async update(task: Task): Promise<E.Either<NameTaken, Task>> {
    if (this.tables.tasks.get(task.id) === undefined) throw new Error(`Cannot update task ${task.id}: it does not exist.`);
    this.requireProject(task.projectId);
    const holder = this.nameHolder(task);
    if (holder !== undefined && holder !== task.id) return E.left(this.taken(task));
    return E.right(this.tables.tasks.save(task, this.log));
  }

  async delete(id: number): Promise<void> {
    this.tables.jobs.removeJobs(this.tables.jobs.idsOfTask(id), this.log);
    this.tables.tasks.remove(id, this.log);
  }

  /** The id of the task that already has this name in the project, if any. */
  private nameHolder(task: Pick<Task, 'projectId' | 'name'>): number | undefined {
    return [...this.tables.tasks.idsByName(task.name)].find((id) => this.tables.tasks.get(id)!.projectId === task.projectId);
  }

  private taken(task: Pick<Task, 'projectId' | 'name'>): NameTaken {
    return nameTaken('task', task.name, ` in project ${task.projectId}`);
  }

  /** The memory store keeps the foreign keys a SQL schema would. */
  private requireProject(projectId: number): void {
    if (this.tables.projects.get(projectId) === undefined) throw new Error(`Project ${projectId} does not exist.`);
  }
}
