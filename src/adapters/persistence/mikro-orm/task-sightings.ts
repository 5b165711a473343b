import type { Task } from '../../../domain/task.js';
import { TASK_COLUMNS, taskRecordFromRow, type TaskRow } from './task-row.js';
import { taskToDomain } from './task.mapper.js';

/**
 * Tasks one transaction has already read alongside its jobs (a claim returns each job's task), so
 * that the task store answers the next lookup of them without another round trip.
 */
export class TaskSightings {
  private readonly seen = new Map<number, Task>();

  saw(task: Task): void {
    this.seen.set(task.id, task);
  }

  forget(id: number): void {
    this.seen.delete(id);
  }

  get(id: number): Task | undefined {
    return this.seen.get(id);
  }

  /** Keeps the task of a claimed row (`TASK_AS_JSON`), read once per task; null when the row carries none. */
  sawJson(value: unknown): void {
    if (value === null || value === undefined) return;
    const json = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
    if (!this.seen.has(Number(json['id']))) this.saw(taskFromJson(json));
  }
}

/** SQL for the task of id `taskId` (an SQL expression) as one JSON value (`row_to_json`, column names as keys). */
export const TASK_AS_JSON = (taskId: string): string => `(SELECT row_to_json(t) FROM tasks t WHERE t.id = ${taskId})`;

/** The task `TASK_AS_JSON` gave, parsed. */
const taskFromJson = (json: Record<string, unknown>): Task => {
  const row = Object.fromEntries(Object.entries(TASK_COLUMNS).map(([property, column]) => [property, json[column]])) as TaskRow;
  return taskToDomain(taskRecordFromRow(row));
};
