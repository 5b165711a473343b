import type { NewJob } from '../../src/domain/job.js';
import type { NewProject } from '../../src/domain/project.js';
import { DEFAULT_REQUIREMENTS } from '../../src/domain/resources.js';
import type { NewTask } from '../../src/domain/task.js';
import type { WorkerRegistration } from '../../src/domain/worker.js';
import { KEEP_FOREVER } from '../../src/domain/retention.js';

/** Whole milliseconds, so every store keeps them exactly. */
export const T0 = new Date('2026-03-01T10:00:00.000Z');

export const after = (seconds: number, from: Date = T0): Date => new Date(from.getTime() + seconds * 1000);

export const newProject = (name: string, overrides: Partial<NewProject> = {}): NewProject => ({
  name,
  description: `project ${name}`,
  status: 'ACTIVE',
  retention: KEEP_FOREVER,
  createdAt: T0,
  updatedAt: T0,
  ...overrides,
});

export const newTask = (projectId: number, name: string, overrides: Partial<NewTask> = {}): NewTask => ({
  projectId,
  name,
  commandTemplate: null,
  requirements: { ...DEFAULT_REQUIREMENTS },
  maxAttempts: 3,
  retryOnFailure: false,
  timeoutSeconds: null,
  retention: null,
  createdAt: T0,
  updatedAt: T0,
  ...overrides,
});

/** A PENDING job with no dependencies unless told otherwise; unmet defaults to the dependency count. */
export const newJob = (projectId: number, taskId: number, overrides: Partial<NewJob> = {}): NewJob => {
  const dependencies = overrides.dependencies ?? [];
  return {
    projectId,
    taskId,
    name: 'job',
    parameters: '{}',
    priority: 0,
    status: 'PENDING',
    dependencies,
    unmetDependencies: dependencies.length,
    requirements: { ...DEFAULT_REQUIREMENTS },
    attempts: 0,
    maxAttempts: 3,
    lease: null,
    exitCode: null,
    failureReason: null,
    blockedBy: null,
    createdAt: T0,
    updatedAt: T0,
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
};

export const onJob = (id: number) => ({ kind: 'job', id }) as const;
export const onBatch = (index: number) => ({ kind: 'batch', index }) as const;

export const registration = (id: string, overrides: Partial<WorkerRegistration> = {}): WorkerRegistration => ({
  id,
  name: `worker ${id}`,
  entity: 'lab',
  description: null,
  resources: { cpu: 8, accelerators: 2, memoryMb: 16384 },
  lastHeartbeat: T0,
  createdAt: T0,
  active: true,
  ...overrides,
});
