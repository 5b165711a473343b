import type { TaskWire } from '../client/wire.codecs.js';

/** A task on the server (what its jobs run and need), in the embedding API's words. */
export interface Task {
  readonly id: number;
  readonly name: string;
  readonly projectId: number;
  readonly commandTemplate: string | null;
  readonly cpu: number;
  readonly accelerators: number;
  readonly memoryMb: number;
  readonly maxAttempts: number | null;
  readonly retryOnFailure: boolean;
  readonly timeoutSeconds: number | null;
  /** `keep`, `remove_on_complete`, a period such as `30d`; null: the project's (and always from a server without retention). */
  readonly retention: string | null;
}

export const taskOf = (wire: TaskWire): Task => ({
  id: wire.id,
  name: wire.name,
  projectId: wire.project_id,
  commandTemplate: wire.command_template,
  cpu: wire.required_cpu,
  accelerators: wire.required_accelerators,
  memoryMb: wire.required_memory_mb ?? 0,
  maxAttempts: wire.max_attempts ?? null,
  retryOnFailure: wire.retry_on_failure ?? false,
  timeoutSeconds: wire.timeout_seconds ?? null,
  retention: wire.retention ?? null,
});
