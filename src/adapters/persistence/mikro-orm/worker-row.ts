import { aliasedSelectList } from './column-map.js';
import { toDate, toNumber } from './sql-values.js';
import type { WorkerRecord } from './worker.record.js';

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

/** Every property, in a fixed order (the id first): what a save writes. */
export const WORKER_PROPERTIES = Object.keys(WORKER_COLUMNS) as (keyof WorkerRecord)[];

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
