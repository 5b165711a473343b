import type { WorkerRegistration } from '../../domain/worker.js';
import type { Page } from './project-store.port.js';

export interface WorkerStore {
  get(id: string): Promise<WorkerRegistration | null>;
  /** Ordered by creation, then id. */
  list(activeOnly: boolean, page: Page): Promise<WorkerRegistration[]>;
  /** Inserts or replaces the registration with this id. */
  save(worker: WorkerRegistration): Promise<void>;
  delete(id: string): Promise<void>;
}
