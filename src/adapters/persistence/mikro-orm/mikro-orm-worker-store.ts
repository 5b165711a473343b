import type { Page } from '../../../application/ports/project-store.port.js';
import type { WorkerStore } from '../../../application/ports/worker-store.port.js';
import type { WorkerRegistration } from '../../../domain/worker.js';
import type { TransactionSql } from './transaction-sql.js';
import { WORKER_SELECT, workerRecordFromRow, type WorkerRow, workerToDomain, workerToRecord } from './workers.table.js';
import type { SqlParameters } from './named-parameters.js';

const GET = `SELECT ${WORKER_SELECT} FROM workers WHERE id = :id`;
const LIST = `SELECT ${WORKER_SELECT} FROM workers WHERE (active OR NOT :activeOnly::boolean) ORDER BY created_at, id LIMIT :limit OFFSET :offset`;
/** One statement, so that two registrations under one id cannot both insert. */
const SAVE = `INSERT INTO workers (id, name, entity, description, cpu, accelerators, memory_mb, last_heartbeat, created_at, active)
  VALUES (:id, :name, :entity, :description, :cpu, :accelerators, :memoryMb, :lastHeartbeat, :createdAt, :active)
  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, entity = EXCLUDED.entity, description = EXCLUDED.description, cpu = EXCLUDED.cpu,
    accelerators = EXCLUDED.accelerators, memory_mb = EXCLUDED.memory_mb, last_heartbeat = EXCLUDED.last_heartbeat,
    created_at = EXCLUDED.created_at, active = EXCLUDED.active`;
const DELETE = `DELETE FROM workers WHERE id = :id`;

/** Workers' CRUD as SQL with bound parameters, for the reason MikroOrmProjectStore gives. */
export class MikroOrmWorkerStore implements WorkerStore {
  constructor(private readonly sql: TransactionSql) {}

  private async select(sql: string, params: SqlParameters): Promise<WorkerRegistration[]> {
    return (await this.sql.rows<WorkerRow>(sql, params)).map((row) => workerToDomain(workerRecordFromRow(row)));
  }

  async get(id: string): Promise<WorkerRegistration | null> {
    const [worker] = await this.select(GET, { id });
    return worker ?? null;
  }

  list(activeOnly: boolean, page: Page): Promise<WorkerRegistration[]> {
    return this.select(LIST, { activeOnly, limit: page.limit, offset: page.offset });
  }

  async save(worker: WorkerRegistration): Promise<void> {
    await this.sql.run(SAVE, workerToRecord(worker));
  }

  async delete(id: string): Promise<void> {
    await this.sql.run(DELETE, { id });
  }
}
