import type { Page } from '../../../application/ports/project-store.port.js';
import type { WorkerStore } from '../../../application/ports/worker-store.port.js';
import type { WorkerRegistration } from '../../../domain/worker.js';
import type { TransactionSql } from './transaction-sql.js';
import { WORKER_COLUMNS, WORKER_PROPERTIES, WORKER_SELECT, workerRecordFromRow, type WorkerRow, workerToDomain, workerToRecord } from './workers.table.js';

const COLUMNS = WORKER_PROPERTIES.map((property) => WORKER_COLUMNS[property]);

/**
 * Raw SQL with bound parameters, not the EntityManager: MikroORM inlines values into the SQL text,
 * which the PGlite dialect runs as several statements (without rows) when the text holds a ';'.
 */
export class MikroOrmWorkerStore implements WorkerStore {
  constructor(private readonly sql: TransactionSql) {}

  private async select(sql: string, params: readonly unknown[]): Promise<WorkerRegistration[]> {
    return (await this.sql.rows<WorkerRow>(sql, params)).map((row) => workerToDomain(workerRecordFromRow(row)));
  }

  async get(id: string): Promise<WorkerRegistration | null> {
    const [worker] = await this.select(`SELECT ${WORKER_SELECT} FROM workers WHERE id = ? LIMIT 1`, [id]);
    return worker ?? null;
  }

  list(activeOnly: boolean, page: Page): Promise<WorkerRegistration[]> {
    return this.select(
      `SELECT ${WORKER_SELECT} FROM workers ${activeOnly ? 'WHERE active ' : ''}ORDER BY created_at ASC, id ASC LIMIT ? OFFSET ?`,
      [page.limit, page.offset],
    );
  }

  async save(worker: WorkerRegistration): Promise<void> {
    // One statement, so that two registrations under one id cannot both insert.
    const record = workerToRecord(worker);
    await this.sql.run(
      `INSERT INTO workers (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${COLUMNS.filter((column) => column !== 'id')
         .map((column) => `${column} = EXCLUDED.${column}`)
         .join(', ')}`,
      WORKER_PROPERTIES.map((property) => record[property]),
    );
  }

  async delete(id: string): Promise<void> {
    await this.sql.run('DELETE FROM workers WHERE id = ?', [id]);
  }
}
