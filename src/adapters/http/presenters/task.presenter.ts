import type { Task } from '../../../domain/task.js';
import { formatRetention } from '../../../domain/retention.js';
import type { TaskAnswer } from '../answers/tasks.answers.js';
import { iso } from './timestamps.js';

export const presentTask = (task: Task): TaskAnswer => ({
  id: task.id,
  name: task.name,
  project_id: task.projectId,
  command_template: task.commandTemplate,
  required_cpu: task.requirements.cpu,
  required_accelerators: task.requirements.accelerators,
  required_memory_mb: task.requirements.memoryMb,
  max_attempts: task.maxAttempts,
  retry_on_failure: task.retryOnFailure,
  timeout_seconds: task.timeoutSeconds,
  /** null: the project's. */
  retention: task.retention === null ? null : formatRetention(task.retention),
  created_at: iso(task.createdAt),
  updated_at: iso(task.updatedAt),
});
