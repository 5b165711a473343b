import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { WorkerRegistration } from '../../../domain/worker.js';
import { aliasedSelectList } from './column-map.js';
import { toDate, toNumber } from './sql-values.js';

/** The `workers` table in one place: its record, columns, MikroORM's schema, and the mappings between rows and domain workers. */

/** A row of `workers`, as MikroORM maps it (its schema below). */
export interface WorkerRecord {
  id: string;
  name: string;
  entity: string;
  description: string | null;
  cpu: number;
  accelerators: number;
  memoryMb: number;
  lastHeartbeat: Date;
  createdAt: Date;
  active: boolean;
}

export const WorkerSchema = new EntitySchema<WorkerRecord>({
  name: 'WorkerRecord',
  tableName: 'workers',
  indexes: [{ name: 'workers_created_at_id_index', properties: ['createdAt', 'id'] }],
  properties: {
    id: { type: 'text', primary: true, fieldName: 'id' },
    name: { type: 'text', fieldName: 'name' },
    entity: { type: 'text', fieldName: 'entity' },
    description: { type: 'text', nullable: true, fieldName: 'description' },
    cpu: { type: new BigIntType('number'), fieldName: 'cpu' },
    accelerators: { type: new BigIntType('number'), fieldName: 'accelerators' },
    memoryMb: { type: new BigIntType('number'), fieldName: 'memory_mb' },
    lastHeartbeat: { type: 'datetime', columnType: 'timestamptz', fieldName: 'last_heartbeat' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at' },
    active: { type: 'boolean', fieldName: 'active' },
  },
});

/** Record property -> column of `workers`, for the hand-written SQL of the worker store. */
export const WORKER_COLUMNS = {
  id: 'id',
  name: 'name',
  entity: 'entity',
  description: 'description',
  cpu: 'cpu',
  accelerators: 'accelerators',
  memoryMb: 'memory_mb',
  lastHeartbeat: 'last_heartbeat',
  createdAt: 'created_at',
  active: 'active',
} as const satisfies Record<keyof WorkerRecord, string>;

/** The select list of a worker, aliased to record properties. */
export const WORKER_SELECT = aliasedSelectList(WORKER_COLUMNS);

/** What `WORKER_SELECT` yields for one worker. */
export type WorkerRow = { readonly [property in keyof WorkerRecord]: unknown };

export const workerRecordFromRow = (row: WorkerRow): WorkerRecord => ({
  id: row.id as string,
  name: row.name as string,
  entity: row.entity as string,
  description: row.description as string | null,
  cpu: toNumber(row.cpu),
  accelerators: toNumber(row.accelerators),
  memoryMb: toNumber(row.memoryMb),
  lastHeartbeat: toDate(row.lastHeartbeat),
  createdAt: toDate(row.createdAt),
  active: row.active as boolean,
});

export const workerToDomain = (record: WorkerRecord): WorkerRegistration => ({
  id: record.id,
  name: record.name,
  entity: record.entity,
  description: record.description,
  resources: { cpu: record.cpu, accelerators: record.accelerators, memoryMb: record.memoryMb },
  lastHeartbeat: record.lastHeartbeat,
  createdAt: record.createdAt,
  active: record.active,
});

export const workerToRecord = (worker: WorkerRegistration): WorkerRecord => ({
  id: worker.id,
  name: worker.name,
  entity: worker.entity,
  description: worker.description,
  cpu: worker.resources.cpu,
  accelerators: worker.resources.accelerators,
  memoryMb: worker.resources.memoryMb,
  lastHeartbeat: worker.lastHeartbeat,
  createdAt: worker.createdAt,
  active: worker.active,
});
