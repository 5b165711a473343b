import type { Task } from '../../../domain/task.js';
import { TASK_COLUMNS, taskRecordFromRow, type TaskRow, taskToDomain } from './tasks.table.js';

/**
 * Tasks one transaction has already read alongside its jobs (a claim returns each job's task), so
 * that the task store answers the next lookup of them without another round trip.
 */
export class TaskSightings {
  private readonly seen = new Map<number, Task>();
  private readonly assumed = new Map<number, string>();

  /** The task was taken from the known tasks, not read: a write relying on it must check its row still has `version`. */
  assume(task: Task, version: string): void {
    this.saw(task);
    this.assumed.set(task.id, version);
  }

  /** Tasks taken unread, with the versions a write must find. */
  get assumptions(): { readonly ids: number[]; readonly versions: string[] } {
    return { ids: [...this.assumed.keys()], versions: [...this.assumed.values()] };
  }

  saw(task: Task): void {
    this.seen.set(task.id, task);
  }

  forget(id: number): void {
    this.seen.delete(id);
    this.assumed.delete(id);
  }

  get(id: number): Task | undefined {
    return this.seen.get(id);
  }

  /** Keeps the task of a claimed row (`row_to_json` of its tasks row), read once per task; null when the row carries none. */
  sawJson(value: unknown): void {
    if (value === null || value === undefined) return;
    const json = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
    if (!this.seen.has(Number(json['id']))) this.saw(taskFromJson(json));
  }
}

/** A task as `row_to_json` gave it (column names as keys), parsed. */
const taskFromJson = (json: Record<string, unknown>): Task => {
  const row = Object.fromEntries(Object.entries(TASK_COLUMNS).map(([property, column]) => [property, json[column]])) as TaskRow;
  return taskToDomain(taskRecordFromRow(row));
};
