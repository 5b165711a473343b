import type { NewJob } from '../../../src/domain/job.js';
import { DEFAULT_REQUIREMENTS } from '../../../src/domain/resources.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');

export const pendingJob = (projectId: number, taskId: number, overrides: Partial<NewJob> = {}): NewJob => ({
  projectId,
  taskId,
  name: 'job',
  parameters: '{}',
  priority: 0,
  status: 'PENDING',
  dependencies: [],
  unmetDependencies: 0,
  requirements: DEFAULT_REQUIREMENTS,
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
});

/** `count` ready jobs with no dependencies. */
export const readyBatch = (projectId: number, taskId: number, count: number): NewJob[] =>
  Array.from({ length: count }, (_, index) => pendingJob(projectId, taskId, { name: `job-${index}`, priority: index % 10 }));

/** A chain within one batch: job i waits for job i - 1. */
export const chainBatch = (projectId: number, taskId: number, count: number): NewJob[] =>
  Array.from({ length: count }, (_, index) =>
    pendingJob(projectId, taskId, {
      name: `link-${index}`,
      parameters: `{"index":${index}}`,
      dependencies: index === 0 ? [] : [{ kind: 'batch', index: index - 1 }],
      unmetDependencies: index === 0 ? 0 : 1,
    }),
  );

/**
 * A random DAG in one batch: each job waits for up to `fanIn` earlier jobs, so it is acyclic by
 * construction. `random` is a seeded generator, so a failure can be replayed.
 */
export const randomDag = (projectId: number, taskId: number, count: number, fanIn: number, random: () => number): NewJob[] =>
  Array.from({ length: count }, (_, index) => {
    const dependencies = new Set<number>();
    const wanted = index === 0 ? 0 : Math.floor(random() * (fanIn + 1));
    for (let k = 0; k < wanted; k++) dependencies.add(Math.floor(random() * index));
    return pendingJob(projectId, taskId, {
      name: `node-${index}`,
      priority: Math.floor(random() * 5),
      dependencies: [...dependencies].map((dependency) => ({ kind: 'batch' as const, index: dependency })),
      unmetDependencies: dependencies.size,
    });
  });

/** A small seeded generator (mulberry32). */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
