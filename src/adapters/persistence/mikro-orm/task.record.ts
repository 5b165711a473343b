/** A row of `tasks`, as MikroORM maps it (see task.schema.ts). */
export interface TaskRecord {
  id: number;
  projectId: number;
  name: string;
  commandTemplate: string | null;
  requiredCpu: number;
  requiredAccelerators: number;
  requiredMemoryMb: number;
  maxAttempts: number;
  retryOnFailure: boolean;
  timeoutSeconds: number | null;
  createdAt: Date;
  updatedAt: Date;
}
