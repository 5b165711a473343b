import type { WorkerRegistration } from '../../../domain/worker.js';
import type { WorkerAnswer } from '../answers/clients.answers.js';
import { iso } from './timestamps.js';

/** A worker as the original's "client". */
export const presentWorker = (worker: WorkerRegistration): WorkerAnswer => ({
  id: worker.id,
  name: worker.name,
  entity: worker.entity,
  description: worker.description,
  available_cpu: worker.resources.cpu,
  available_accelerators: worker.resources.accelerators,
  available_memory_mb: worker.resources.memoryMb,
  last_heartbeat: iso(worker.lastHeartbeat),
  created_at: iso(worker.createdAt),
  is_active: worker.active ? 1 : 0,
});
