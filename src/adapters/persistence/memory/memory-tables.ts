import { JobTable } from './job-table.js';
import { ProjectTable } from './project-table.js';
import { TaskTable } from './task-table.js';
import { WorkerTable } from './worker-table.js';

/** Everything a memory store holds. */
export class MemoryTables {
  readonly projects = new ProjectTable();
  readonly tasks = new TaskTable();
  readonly jobs = new JobTable();
  readonly workers = new WorkerTable();
}
