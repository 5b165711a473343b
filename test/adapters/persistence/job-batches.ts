import type { NewJob } from '../../../src/domain/job.js';
import { newJob } from '../../contract/fixtures.js';

/** `count` ready jobs with no dependencies. */
export const readyBatch = (projectId: number, taskId: number, count: number): NewJob[] =>
  Array.from({ length: count }, (_, index) => newJob(projectId, taskId, { name: `job-${index}`, priority: index % 10 }));

/** A chain within one batch: job i waits for job i - 1. */
export const chainBatch = (projectId: number, taskId: number, count: number): NewJob[] =>
  Array.from({ length: count }, (_, index) =>
    newJob(projectId, taskId, {
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
    return newJob(projectId, taskId, {
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
