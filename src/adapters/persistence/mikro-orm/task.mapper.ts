import type { NewTask, Task } from '../../../domain/task.js';
import type { TaskRecord } from './task.record.js';

export const taskToDomain = (record: TaskRecord): Task => ({
  id: record.id,
  projectId: record.projectId,
  name: record.name,
  commandTemplate: record.commandTemplate,
  requirements: { cpu: record.requiredCpu, accelerators: record.requiredAccelerators, memoryMb: record.requiredMemoryMb },
  maxAttempts: record.maxAttempts,
  retryOnFailure: record.retryOnFailure,
  // PostgreSQL's double precision comes back as a number from pg and PGlite alike.
  timeoutSeconds: record.timeoutSeconds,
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
});

export const taskToRecord = (task: NewTask): Omit<TaskRecord, 'id'> => ({
  projectId: task.projectId,
  name: task.name,
  commandTemplate: task.commandTemplate,
  requiredCpu: task.requirements.cpu,
  requiredAccelerators: task.requirements.accelerators,
  requiredMemoryMb: task.requirements.memoryMb,
  maxAttempts: task.maxAttempts,
  retryOnFailure: task.retryOnFailure,
  timeoutSeconds: task.timeoutSeconds,
  createdAt: task.createdAt,
  updatedAt: task.updatedAt,
});
