import type { Job, Lease } from '../../../domain/job.js';
import type { Project } from '../../../domain/project.js';
import type { Requirements } from '../../../domain/resources.js';
import type { StatusChange } from '../../../domain/status-change.js';
import type { Task } from '../../../domain/task.js';
import type { WorkerRegistration } from '../../../domain/worker.js';
import { ascending } from './listing.js';

/*
 * What the tables keep: frozen copies holding exactly the entity's fields, so a caller can neither
 * change a stored row through an object it passed in nor through one it got back.
 */

const date = (value: Date): Date => new Date(value.getTime());
const optionalDate = (value: Date | null): Date | null => (value === null ? null : date(value));

const requirements = (r: Requirements): Requirements =>
  Object.freeze({ cpu: r.cpu, accelerators: r.accelerators, memoryMb: r.memoryMb });

const lease = (l: Lease | null): Lease | null =>
  l === null ? null : Object.freeze({ owner: l.owner, expiresAt: optionalDate(l.expiresAt) });

/** Dependencies are kept ascending and without repeats: they are a set of edges. */
export const dependencySet = (ids: readonly number[]): readonly number[] => Object.freeze([...new Set(ids)].sort(ascending));

export const frozenJob = (job: Job): Job =>
  Object.freeze({
    id: job.id,
    projectId: job.projectId,
    taskId: job.taskId,
    name: job.name,
    parameters: job.parameters,
    priority: job.priority,
    status: job.status,
    dependencies: dependencySet(job.dependencies),
    unmetDependencies: job.unmetDependencies,
    requirements: requirements(job.requirements),
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    lease: lease(job.lease),
    exitCode: job.exitCode,
    failureReason: job.failureReason,
    blockedBy: job.blockedBy,
    createdAt: date(job.createdAt),
    updatedAt: date(job.updatedAt),
    startedAt: optionalDate(job.startedAt),
    finishedAt: optionalDate(job.finishedAt),
  });

export const frozenStatusChange = (change: StatusChange): StatusChange =>
  Object.freeze({
    from: change.from,
    to: change.to,
    at: date(change.at),
    worker: change.worker,
    attempt: change.attempt,
    reason: change.reason,
  });

export const frozenProject = (project: Project): Project =>
  Object.freeze({
    id: project.id,
    name: project.name,
    description: project.description,
    status: project.status,
    retention: Object.freeze({ ...project.retention }),
    createdAt: date(project.createdAt),
    updatedAt: date(project.updatedAt),
  });

export const frozenTask = (task: Task): Task =>
  Object.freeze({
    id: task.id,
    projectId: task.projectId,
    name: task.name,
    commandTemplate: task.commandTemplate,
    requirements: requirements(task.requirements),
    maxAttempts: task.maxAttempts,
    retryOnFailure: task.retryOnFailure,
    timeoutSeconds: task.timeoutSeconds,
    retention: task.retention === null ? null : Object.freeze({ ...task.retention }),
    createdAt: date(task.createdAt),
    updatedAt: date(task.updatedAt),
  });

export const frozenWorker = (worker: WorkerRegistration): WorkerRegistration =>
  Object.freeze({
    id: worker.id,
    name: worker.name,
    entity: worker.entity,
    description: worker.description,
    resources: requirements(worker.resources),
    lastHeartbeat: date(worker.lastHeartbeat),
    createdAt: date(worker.createdAt),
    active: worker.active,
  });
