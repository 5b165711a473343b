import * as E from 'fp-ts/lib/Either.js';
import type { MikroOrmStore } from '../../src/adapters/persistence/mikro-orm/mikro-orm-store.js';
import type { StoreTransaction } from '../../src/application/ports/store.port.js';
import type { NewJob } from '../../src/domain/job.js';
import type { JobStatus } from '../../src/domain/job-status.js';
import { DEFAULT_REQUIREMENTS } from '../../src/domain/resources.js';
import { KEEP_FOREVER } from '../../src/domain/retention.js';

/**
 * The project bench:scale measures: units of 10 jobs, each a small pipeline over five tasks —
 * fetch → prepare → 4 × train → 3 × evaluate (each on two trainings) → report. fetch and prepare
 * are COMPLETED (a fifth of the jobs), the rest PENDING: the trainings ready, the rest waiting.
 * 14 dependencies a unit, 1.4 per job. Jobs of a unit sit together by id, so every task's jobs
 * spread over the whole id range.
 */
export const JOBS_PER_UNIT = 10;
export const TASK_NAMES = ['fetch', 'prepare', 'train', 'evaluate', 'report'] as const;
export type TaskName = (typeof TASK_NAMES)[number];

/** Units per insert: 100,000 jobs a transaction, as bench:store fills its queues. */
const UNITS_PER_BATCH = 10_000;

interface Slot {
  readonly task: TaskName;
  readonly name: string;
  readonly status: JobStatus;
  /** Positions in the unit. */
  readonly dependsOn: readonly number[];
}

const UNIT: readonly Slot[] = [
  { task: 'fetch', name: 'fetch', status: 'COMPLETED', dependsOn: [] },
  { task: 'prepare', name: 'prepare', status: 'COMPLETED', dependsOn: [0] },
  ...[0, 1, 2, 3].map((seed): Slot => ({ task: 'train', name: `train-${seed}`, status: 'PENDING', dependsOn: [1] })),
  ...[0, 1, 2].map((k): Slot => ({ task: 'evaluate', name: `evaluate-${k}`, status: 'PENDING', dependsOn: [2 + k, 3 + k] })),
  { task: 'report', name: 'report', status: 'PENDING', dependsOn: [6, 7, 8] },
];

export const DEPENDENCIES_PER_UNIT = UNIT.reduce((sum, slot) => sum + slot.dependsOn.length, 0);

export interface ScaleProject {
  readonly projectId: number;
  readonly taskIds: Readonly<Record<TaskName, number>>;
  readonly jobs: number;
  readonly dependencies: number;
}

const inTx = async <A>(store: MikroOrmStore, work: (tx: StoreTransaction) => Promise<A>): Promise<A> => {
  const result = await store.transaction<never, A>(async (tx) => E.right(await work(tx)));
  if (E.isLeft(result)) throw new Error('unexpected Left');
  return result.right;
};

const now = new Date();

const job = (projectId: number, taskId: number, unit: number, slot: Slot, batchStart: number): NewJob => {
  const completed = slot.status === 'COMPLETED';
  return {
    projectId,
    taskId,
    name: `u${unit}-${slot.name}`,
    parameters: `{"unit":${unit},"step":"${slot.name}"}`,
    priority: 0,
    status: slot.status,
    dependencies: slot.dependsOn.map((position) => ({ kind: 'batch', index: batchStart + position })),
    // Dependencies on the unit's COMPLETED jobs are met.
    unmetDependencies: slot.dependsOn.filter((position) => UNIT[position]!.status !== 'COMPLETED').length,
    requirements: DEFAULT_REQUIREMENTS,
    attempts: completed ? 1 : 0,
    maxAttempts: 3,
    lease: null,
    exitCode: completed ? 0 : null,
    failureReason: null,
    blockedBy: null,
    createdAt: now,
    updatedAt: now,
    startedAt: completed ? now : null,
    finishedAt: completed ? now : null,
  };
};

/**
 * Loads `units` units into a new project through the store's bulk insert, so that the schema's
 * triggers keep the job counts as they would for any submission. `progress` hears the jobs so far.
 */
export const loadScaleProject = async (store: MikroOrmStore, units: number, progress: (jobs: number) => void = () => {}): Promise<ScaleProject> => {
  const { projectId, taskIds } = await inTx(store, async (tx) => {
    const project = await tx.projects.insert({ name: `scale-${Date.now()}`, description: 'bench:scale', status: 'ACTIVE', retention: KEEP_FOREVER, createdAt: now, updatedAt: now });
    if (E.isLeft(project)) throw new Error(project.left.message);
    const ids: Partial<Record<TaskName, number>> = {};
    for (const name of TASK_NAMES) {
      const task = await tx.tasks.insert({
        projectId: project.right.id,
        name,
        commandTemplate: null,
        requirements: DEFAULT_REQUIREMENTS,
        maxAttempts: 3,
        retryOnFailure: false,
        timeoutSeconds: null,
        retention: null,
        createdAt: now,
        updatedAt: now,
      });
      if (E.isLeft(task)) throw new Error(task.left.message);
      ids[name] = task.right.id;
    }
    return { projectId: project.right.id, taskIds: ids as Record<TaskName, number> };
  });
  for (let first = 0; first < units; first += UNITS_PER_BATCH) {
    const count = Math.min(UNITS_PER_BATCH, units - first);
    const jobs = Array.from({ length: count }, (_, u) => UNIT.map((slot) => job(projectId, taskIds[slot.task], first + u, slot, u * JOBS_PER_UNIT))).flat();
    await inTx(store, (tx) => tx.jobs.insert(jobs));
    progress((first + count) * JOBS_PER_UNIT);
  }
  return { projectId, taskIds, jobs: units * JOBS_PER_UNIT, dependencies: units * DEPENDENCIES_PER_UNIT };
};
