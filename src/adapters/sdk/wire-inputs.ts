import type { BatchReference, NewJob, TaskOptions } from '../client/client-inputs.js';
import type { DependencyInput, JobInput, TaskInput } from '../embedding/embedding-inputs.js';

/**
 * The SDK takes the embedding API's inputs (so code moves between an embedded scheduler and a
 * remote server unchanged) and sends them in the wire's words.
 */
export const taskOptionsOf = (input: TaskInput): TaskOptions => ({
  ...(input.commandTemplate === undefined ? {} : { command_template: input.commandTemplate }),
  ...(input.cpu === undefined ? {} : { required_cpu: input.cpu }),
  ...(input.accelerators === undefined ? {} : { required_accelerators: input.accelerators }),
  ...(input.memoryMb === undefined ? {} : { required_memory_mb: input.memoryMb }),
  ...(input.maxAttempts === undefined ? {} : { max_attempts: input.maxAttempts }),
  ...(input.retryOnFailure === undefined ? {} : { retry_on_failure: input.retryOnFailure }),
  ...(input.timeoutSeconds === undefined ? {} : { timeout_seconds: input.timeoutSeconds }),
  ...(input.retention === undefined ? {} : { retention: input.retention }),
});

/** An existing job's id stays a number; a key of the same batch is a string on the wire. */
const referenceOf = (input: DependencyInput): BatchReference => (typeof input === 'number' ? input : 'key' in input ? input.key : { position: input.position });

export const newJobOf = (input: JobInput): NewJob => ({
  name: input.name,
  task_id: input.taskId,
  ...(input.parameters === undefined ? {} : { parameters: input.parameters }),
  ...(input.priority === undefined ? {} : { priority: input.priority }),
  ...(input.key === undefined ? {} : { key: input.key }),
  ...(input.dependsOn === undefined ? {} : { depends_on: input.dependsOn.map(referenceOf) }),
});
