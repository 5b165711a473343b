import type { Job, NewJob } from '../../../domain/job.js';
import type { JobStatus } from '../../../domain/job-status.js';
import type { JobRecord } from './job.record.js';

/** The job a record holds; `id` for a record written without one (an insert's). */
export const jobToDomain = (record: Omit<JobRecord, 'id'> & { id?: number }, dependencies: readonly number[], id = record.id!): Job => ({
  id,
  projectId: record.projectId,
  taskId: record.taskId,
  name: record.name,
  parameters: record.parameters,
  priority: record.priority,
  status: record.status as JobStatus,
  dependencies,
  unmetDependencies: record.unmetDependencies,
  requirements: { cpu: record.requiredCpu, accelerators: record.requiredAccelerators, memoryMb: record.requiredMemoryMb },
  attempts: record.attempts,
  maxAttempts: record.maxAttempts,
  lease: record.leased ? { owner: record.leaseOwner, expiresAt: record.leaseExpiresAt } : null,
  exitCode: record.exitCode,
  failureReason: record.failureReason,
  blockedBy: record.blockedBy,
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
  startedAt: record.startedAt,
  finishedAt: record.finishedAt,
});

/** Every column but the id; the dependencies are edges, written apart. */
export const jobToRecord = (job: Job | NewJob): Omit<JobRecord, 'id'> => ({
  projectId: job.projectId,
  taskId: job.taskId,
  name: job.name,
  parameters: job.parameters,
  priority: job.priority,
  status: job.status,
  unmetDependencies: job.unmetDependencies,
  requiredCpu: job.requirements.cpu,
  requiredAccelerators: job.requirements.accelerators,
  requiredMemoryMb: job.requirements.memoryMb,
  attempts: job.attempts,
  maxAttempts: job.maxAttempts,
  leased: job.lease !== null,
  leaseOwner: job.lease?.owner ?? null,
  leaseExpiresAt: job.lease?.expiresAt ?? null,
  exitCode: job.exitCode,
  failureReason: job.failureReason,
  blockedBy: job.blockedBy,
  createdAt: job.createdAt,
  updatedAt: job.updatedAt,
  startedAt: job.startedAt,
  finishedAt: job.finishedAt,
});
