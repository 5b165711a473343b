/** A row of `workers`, as MikroORM maps it (see worker.schema.ts). */
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
