import type { SqlEntityManager } from '@mikro-orm/postgresql';
import type { Page } from '../../../application/ports/project-store.port.js';
import type { WorkerStore } from '../../../application/ports/worker-store.port.js';
import type { WorkerRegistration } from '../../../domain/worker.js';
import { workerToDomain, workerToRecord } from './worker.mapper.js';
import { WorkerSchema } from './worker.schema.js';

const fresh = { disableIdentityMap: true } as const;

export class MikroOrmWorkerStore implements WorkerStore {
  constructor(private readonly em: SqlEntityManager) {}

  async get(id: string): Promise<WorkerRegistration | null> {
    const record = await this.em.findOne(WorkerSchema, { id }, fresh);
    return record === null ? null : workerToDomain(record);
  }

  async list(activeOnly: boolean, page: Page): Promise<WorkerRegistration[]> {
    const records = await this.em.find(WorkerSchema, activeOnly ? { active: true } : {}, {
      ...fresh,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      limit: page.limit,
      offset: page.offset,
    });
    return records.map(workerToDomain);
  }

  async save(worker: WorkerRegistration): Promise<void> {
    // One statement, so that two registrations under one id cannot both insert.
    await this.em.createQueryBuilder(WorkerSchema).insert(workerToRecord(worker)).onConflict('id').merge().execute();
  }

  async delete(id: string): Promise<void> {
    await this.em.nativeDelete(WorkerSchema, { id });
  }
}
