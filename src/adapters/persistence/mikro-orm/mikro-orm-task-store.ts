import type * as E from 'fp-ts/lib/Either.js';
import type { Page } from '../../../application/ports/project-store.port.js';
import type { TaskStore } from '../../../application/ports/task-store.port.js';
import { nameTaken, type NameTaken } from '../../../domain/errors.js';
import type { NewTask, Task } from '../../../domain/task.js';
import { guardName } from './name-guard.js';
import { intArray, toNumber } from './sql-values.js';
import { KnownTasks } from './known-tasks.js';
import { TASK_SELECT, taskRecordFromRow, type TaskRow, taskToDomain, taskToRecord } from './tasks.table.js';
import type { SqlParameters } from './named-parameters.js';
import { TaskSightings } from './task-sightings.js';
import type { TransactionSql } from './transaction-sql.js';

/** A task row with its version (`xmin`: every update of the row changes it). */
const VERSIONED_TASK = `xmin::text AS "version", ${TASK_SELECT}`;
const GET_MANY = `SELECT ${VERSIONED_TASK} FROM tasks WHERE id = ANY(:ids::int[]) ORDER BY id`;
/** The first task of that name: in the project, or in any project when :projectId is null. */
const GET_BY_NAME = `SELECT ${VERSIONED_TASK} FROM tasks WHERE name = :name AND (:projectId::integer IS NULL OR project_id = :projectId::integer) ORDER BY id LIMIT 1`;
const LIST = `SELECT ${VERSIONED_TASK} FROM tasks WHERE project_id = :projectId ORDER BY id LIMIT :limit OFFSET :offset`;
const INSERT = `INSERT INTO tasks (project_id, name, command_template, required_cpu, required_accelerators, required_memory_mb,
    max_attempts, retry_on_failure, timeout_seconds, retention, retention_seconds, created_at, updated_at)
  VALUES (:projectId, :name, :commandTemplate, :requiredCpu, :requiredAccelerators, :requiredMemoryMb,
    :maxAttempts, :retryOnFailure, :timeoutSeconds, :retention, :retentionSeconds, :createdAt, :updatedAt)
  RETURNING id`;
const UPDATE = `UPDATE tasks SET project_id = :projectId, name = :name, command_template = :commandTemplate, required_cpu = :requiredCpu,
    required_accelerators = :requiredAccelerators, required_memory_mb = :requiredMemoryMb, max_attempts = :maxAttempts,
    retry_on_failure = :retryOnFailure, timeout_seconds = :timeoutSeconds,
    retention = :retention, retention_seconds = :retentionSeconds, created_at = :createdAt, updated_at = :updatedAt
  WHERE id = :id`;
// Jobs follow through the tasks_delete_jobs trigger, their edges through ON DELETE CASCADE.
const DELETE = `DELETE FROM tasks WHERE id = :id`;

/** Each task once, by ascending id: what `getMany` answers from a read. */
const distinctById = (tasks: readonly Task[]): Task[] => [...new Map(tasks.map((task) => [task.id, task])).values()].sort((a, b) => a.id - b.id);

const taken = (task: NewTask): NameTaken => nameTaken('task', task.name, ` in project ${task.projectId}`);

/** Tasks' CRUD as SQL with bound parameters, for the reason MikroOrmProjectStore gives. */
export class MikroOrmTaskStore implements TaskStore {
  constructor(
    private readonly sql: TransactionSql,
    private readonly seen: TaskSightings = new TaskSightings(),
    private readonly known: KnownTasks = new KnownTasks(),
    /** Outside a transaction: tasks may come from `known`, unread (see KnownTasks). */
    private readonly mayAssume = false,
  ) {}

  /** Tasks as read now, remembered with their row versions. */
  private async select(sql: string, params: SqlParameters): Promise<Task[]> {
    return (await this.sql.rows<TaskRow & { version: unknown }>(sql, params)).map((row) => {
      const task = taskToDomain(taskRecordFromRow(row));
      this.known.remember(task, String(row.version));
      return task;
    });
  }

  async get(id: number): Promise<Task | null> {
    const sighted = this.seen.get(id);
    if (sighted !== undefined) return sighted;
    const [task] = await this.select(GET_MANY, { ids: intArray([id]) });
    return task ?? null;
  }

  async getMany(ids: readonly number[]): Promise<Task[]> {
    if (ids.length === 0) return [];
    const sighted = ids.map((id) => this.seen.get(id));
    if (sighted.every((task) => task !== undefined)) return distinctById(sighted);
    const known = ids.map((id) => this.known.get(id));
    if (this.mayAssume && known.every((entry) => entry !== undefined)) {
      for (const entry of known) this.seen.assume(entry.task, entry.version);
      return distinctById(known.map((entry) => entry.task));
    }
    return this.select(GET_MANY, { ids: intArray(ids) });
  }

  async getByName(name: string, projectId: number | null): Promise<Task | null> {
    const [task] = await this.select(GET_BY_NAME, { name, projectId });
    return task ?? null;
  }

  list(projectId: number, page: Page): Promise<Task[]> {
    return this.select(LIST, { projectId, limit: page.limit, offset: page.offset });
  }

  insert(task: NewTask): Promise<E.Either<NameTaken, Task>> {
    return guardName(this.sql, () => taken(task), async () => {
      const [row] = await this.sql.rows<{ id: unknown }>(INSERT, taskToRecord(task));
      return { ...task, id: toNumber(row!.id) };
    });
  }

  update(task: Task): Promise<E.Either<NameTaken, Task>> {
    this.seen.forget(task.id);
    this.known.forget(task.id);
    return guardName(this.sql, () => taken(task), async () => {
      await this.sql.run(UPDATE, { id: task.id, ...taskToRecord(task) });
      return task;
    });
  }

  async delete(id: number): Promise<void> {
    this.seen.forget(id);
    this.known.forget(id);
    await this.sql.run(DELETE, { id });
  }
}
