import type { WorkerRegistration } from '../../../domain/worker.js';
import type { WorkerRecord } from './worker.record.js';

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
