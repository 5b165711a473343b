/** A row of `jobs`, as MikroORM maps it (see job.schema.ts); the edges live in `job_dependencies`. */
export interface JobRecord {
  id: number;
  projectId: number;
  taskId: number;
  name: string;
  /** The exact JSON text received, kept as TEXT (jsonb would reorder keys and rewrite numbers). */
  parameters: string;
  priority: number;
  status: string;
  unmetDependencies: number;
  requiredCpu: number;
  requiredAccelerators: number;
  requiredMemoryMb: number;
  attempts: number;
  maxAttempts: number;
  /** Whether a lease exists: an anonymous claim's lease has neither owner nor expiry. */
  leased: boolean;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  exitCode: number | null;
  failureReason: string | null;
  blockedBy: number | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}
