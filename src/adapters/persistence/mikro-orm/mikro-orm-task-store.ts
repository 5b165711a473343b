import type * as E from 'fp-ts/lib/Either.js';
import type { Page } from '../../../application/ports/project-store.port.js';
import type { TaskStore } from '../../../application/ports/task-store.port.js';
import { nameTaken, type NameTaken } from '../../../domain/errors.js';
import type { NewTask, Task } from '../../../domain/task.js';
import { guardName } from './name-guard.js';
import { intArray, toNumber } from './sql-values.js';
import { KnownTasks } from './known-tasks.js';
import { TASK_COLUMNS, TASK_SELECT, TASK_WRITABLE_PROPERTIES, taskRecordFromRow, type TaskRow, taskToDomain, taskToRecord } from './tasks.table.js';
import { TaskSightings } from './task-sightings.js';
import type { TransactionSql } from './transaction-sql.js';

/** A task row with its version (`xmin`: every update of the row changes it). */
const VERSIONED_TASK = `xmin::text AS "version", ${TASK_SELECT}`;
const WRITABLE = TASK_WRITABLE_PROPERTIES.map((property) => TASK_COLUMNS[property]).join(', ');

/** Each task once, by ascending id: what `getMany` answers from a read. */
const distinctById = (tasks: readonly Task[]): Task[] => [...new Map(tasks.map((task) => [task.id, task])).values()].sort((a, b) => a.id - b.id);

const taken = (task: NewTask): NameTaken => nameTaken('task', task.name, ` in project ${task.projectId}`);

/**
 * Raw SQL with bound parameters, not the EntityManager: MikroORM inlines values into the SQL text,
 * which the PGlite dialect runs as several statements (without rows) when the text holds a ';'.
 */
export class MikroOrmTaskStore implements TaskStore {
  constructor(
    private readonly sql: TransactionSql,
    private readonly seen: TaskSightings = new TaskSightings(),
    private readonly known: KnownTasks = new KnownTasks(),
    /** Outside a transaction: tasks may come from `known`, unread (see KnownTasks). */
    private readonly mayAssume = false,
  ) {}

  /** Tasks as read now, remembered with their row versions. */
  private async select(sql: string, params: readonly unknown[]): Promise<Task[]> {
    return (await this.sql.rows<TaskRow & { version: unknown }>(sql, params)).map((row) => {
      const task = taskToDomain(taskRecordFromRow(row));
      this.known.remember(task, String(row.version));
      return task;
    });
  }

  async get(id: number): Promise<Task | null> {
    const sighted = this.seen.get(id);
    if (sighted !== undefined) return sighted;
    const [task] = await this.select(`SELECT ${VERSIONED_TASK} FROM tasks WHERE id = ? LIMIT 1`, [id]);
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
    return this.select(`SELECT ${VERSIONED_TASK} FROM tasks WHERE id = ANY(?::int[]) ORDER BY id ASC`, [intArray(ids)]);
  }

  async getByName(name: string, projectId: number | null): Promise<Task | null> {
    const [task] =
      projectId === null
        ? await this.select(`SELECT ${VERSIONED_TASK} FROM tasks WHERE name = ? ORDER BY id ASC LIMIT 1`, [name])
        : await this.select(`SELECT ${VERSIONED_TASK} FROM tasks WHERE name = ? AND project_id = ? ORDER BY id ASC LIMIT 1`, [name, projectId]);
    return task ?? null;
  }

  list(projectId: number, page: Page): Promise<Task[]> {
    return this.select(`SELECT ${VERSIONED_TASK} FROM tasks WHERE project_id = ? ORDER BY id ASC LIMIT ? OFFSET ?`, [projectId, page.limit, page.offset]);
  }

  insert(task: NewTask): Promise<E.Either<NameTaken, Task>> {
    return guardName(this.sql, () => taken(task), async () => {
      const record = taskToRecord(task);
      const [row] = await this.sql.rows<{ id: unknown }>(
        `INSERT INTO tasks (${WRITABLE}) VALUES (${TASK_WRITABLE_PROPERTIES.map(() => '?').join(', ')}) RETURNING id`,
        TASK_WRITABLE_PROPERTIES.map((property) => record[property]),
      );
      return { ...task, id: toNumber(row!.id) };
    });
  }

  update(task: Task): Promise<E.Either<NameTaken, Task>> {
    this.seen.forget(task.id);
    this.known.forget(task.id);
    return guardName(this.sql, () => taken(task), async () => {
      const record = taskToRecord(task);
      await this.sql.run(
        `UPDATE tasks SET ${TASK_WRITABLE_PROPERTIES.map((property) => `${TASK_COLUMNS[property]} = ?`).join(', ')} WHERE id = ?`,
        [...TASK_WRITABLE_PROPERTIES.map((property) => record[property]), task.id],
      );
      return task;
    });
  }

  async delete(id: number): Promise<void> {
    this.seen.forget(id);
    this.known.forget(id);
    // Jobs follow through the tasks_delete_jobs trigger, their edges through ON DELETE CASCADE.
    await this.sql.run('DELETE FROM tasks WHERE id = ?', [id]);
  }
}
