import type { TaskFields } from '../../../domain/task.js';
import type { CreateTaskBody, UpdateTaskBody } from '../codecs/tasks.codecs.js';

/** The task fields a body gives; missing ones stay unset (defaults or the stored values apply). */
export const taskChanges = (body: CreateTaskBody | UpdateTaskBody, current: TaskFields['requirements']): Partial<TaskFields> => ({
  ...(typeof body.name === 'string' ? { name: body.name } : {}),
  ...(body.command_template !== undefined ? { commandTemplate: body.command_template } : {}),
  ...(body.required_cpu !== undefined || body.required_accelerators !== undefined || body.required_memory_mb !== undefined
    ? {
        requirements: {
          cpu: body.required_cpu ?? current.cpu,
          accelerators: body.required_accelerators ?? current.accelerators,
          memoryMb: body.required_memory_mb ?? current.memoryMb,
        },
      }
    : {}),
  ...(body.max_attempts !== undefined ? { maxAttempts: body.max_attempts } : {}),
  ...(body.retry_on_failure !== undefined ? { retryOnFailure: body.retry_on_failure } : {}),
  ...(body.timeout_seconds !== undefined ? { timeoutSeconds: body.timeout_seconds } : {}),
  ...(body.retention !== undefined ? { retention: body.retention } : {}),
});
