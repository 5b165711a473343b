import type { SqlEntityManager } from '@mikro-orm/postgresql';
import type * as E from 'fp-ts/lib/Either.js';
import type { Page } from '../../../application/ports/project-store.port.js';
import type { TaskStore } from '../../../application/ports/task-store.port.js';
import { nameTaken, type NameTaken } from '../../../domain/errors.js';
import type { NewTask, Task } from '../../../domain/task.js';
import { guardName } from './name-guard.js';
import { taskToDomain, taskToRecord } from './task.mapper.js';
import type { TaskRecord } from './task.record.js';
import { TaskSchema } from './task.schema.js';
import type { TransactionSql } from './transaction-sql.js';

/** Reads bypass the identity map: raw statements of the same transaction may have changed rows. */
const fresh = { disableIdentityMap: true } as const;

const taken = (task: NewTask): NameTaken => nameTaken('task', task.name, ` in project ${task.projectId}`);

export class MikroOrmTaskStore implements TaskStore {
  constructor(
    private readonly em: SqlEntityManager,
    private readonly sql: TransactionSql,
  ) {}

  async get(id: number): Promise<Task | null> {
    const record = await this.em.findOne(TaskSchema, { id }, fresh);
    return record === null ? null : taskToDomain(record);
  }

  async getMany(ids: readonly number[]): Promise<Task[]> {
    if (ids.length === 0) return [];
    const records = await this.em.find(TaskSchema, { id: { $in: [...ids] } }, { ...fresh, orderBy: { id: 'asc' } });
    return records.map(taskToDomain);
  }

  async getByName(name: string, projectId: number | null): Promise<Task | null> {
    const where = projectId === null ? { name } : { name, projectId };
    const record = await this.em.findOne(TaskSchema, where, { ...fresh, orderBy: { id: 'asc' } });
    return record === null ? null : taskToDomain(record);
  }

  async list(projectId: number, page: Page): Promise<Task[]> {
    const records = await this.em.find(TaskSchema, { projectId }, { ...fresh, orderBy: { id: 'asc' }, limit: page.limit, offset: page.offset });
    return records.map(taskToDomain);
  }

  insert(task: NewTask): Promise<E.Either<NameTaken, Task>> {
    return guardName(this.sql, () => taken(task), async () => {
      const id = await this.em.insert<TaskRecord>(TaskSchema, taskToRecord(task));
      return { ...task, id: Number(id) };
    });
  }

  update(task: Task): Promise<E.Either<NameTaken, Task>> {
    return guardName(this.sql, () => taken(task), async () => {
      await this.em.nativeUpdate(TaskSchema, { id: task.id }, taskToRecord(task));
      return task;
    });
  }

  async delete(id: number): Promise<void> {
    // Jobs and edges follow through ON DELETE CASCADE.
    await this.em.nativeDelete(TaskSchema, { id });
  }
}
