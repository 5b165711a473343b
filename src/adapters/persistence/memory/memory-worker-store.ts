import type { Page } from '../../../application/ports/project-store.port.js';
import type { WorkerStore } from '../../../application/ports/worker-store.port.js';
import type { WorkerRegistration } from '../../../domain/worker.js';
import type { MemoryTables } from './memory-tables.js';
import { pageOf } from './listing.js';
import type { UndoLog } from './undo-log.js';

const byCreation = (a: WorkerRegistration, b: WorkerRegistration): number =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class MemoryWorkerStore implements WorkerStore {
  constructor(
    private readonly tables: MemoryTables,
    private readonly log: UndoLog,
  ) {}

  async get(id: string): Promise<WorkerRegistration | null> {
    return this.tables.workers.get(id) ?? null;
  }

  async list(activeOnly: boolean, page: Page): Promise<WorkerRegistration[]> {
    const workers = [...this.tables.workers.values()].filter((worker) => !activeOnly || worker.active);
    return pageOf(workers.sort(byCreation), page);
  }

  async save(worker: WorkerRegistration): Promise<void> {
    this.tables.workers.save(worker, this.log);
  }

  async delete(id: string): Promise<void> {
    this.tables.workers.remove(id, this.log);
  }
}
