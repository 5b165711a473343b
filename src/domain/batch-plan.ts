import * as E from 'fp-ts/lib/Either.js';
import {
  crossProjectDependency,
  cycleDetected,
  unknownDependency,
  validationFailed,
  type DomainError,
} from './errors.js';
import { resolveDependencyName } from './dependency-names.js';
import { dependencyOrder, findCycle } from './graph.js';
import type { DependencyTarget, Job, NewJob } from './job.js';
import { blockedReason, readiness } from './job-transitions.js';
import { validateName } from './names.js';
import { validateParameters } from './parameters.js';
import type { Requirements } from './resources.js';

/**
 * How a submitted job names a dependency: an existing job, a job of the same batch, or a job's
 * name (one of the batch's, else one of the project's).
 */
export type DependencyRef =
  | { readonly kind: 'job'; readonly id: number }
  | { readonly kind: 'position'; readonly index: number }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'name'; readonly name: string };

export interface JobSpec {
  /** A client-given key other jobs of the batch may reference. */
  readonly key: string | null;
  readonly name: string;
  readonly taskId: number;
  readonly parameters: string;
  readonly priority: number;
  readonly dependsOn: readonly DependencyRef[];
}

/** What the plan needs to know of a task and of an existing dependency. */
export interface TaskTerms {
  readonly requirements: Requirements;
  readonly maxAttempts: number;
}
export type ExistingDependency = Pick<Job, 'id' | 'projectId' | 'status' | 'blockedBy'>;

const describe = (ref: DependencyRef): string =>
  ref.kind === 'job'
    ? `job id ${ref.id}`
    : ref.kind === 'position'
      ? `batch position ${ref.index}`
      : ref.kind === 'key'
        ? `batch key '${ref.key}'`
        : `job named '${ref.name}'`;

/** Names the batch's jobs depend on that no job of the batch carries: the store looks them up in the project. */
export const namesOutsideBatch = (specs: readonly JobSpec[]): string[] => {
  const batchNames = new Set(specs.map((spec) => spec.name));
  const names = specs.flatMap((spec) => spec.dependsOn.flatMap((ref) => (ref.kind === 'name' && !batchNames.has(ref.name) ? [ref.name] : [])));
  return [...new Set(names)];
};

/** Where the batch's jobs of each name are. */
const positionsByName = (specs: readonly JobSpec[]): Map<string, number[]> => {
  const positions = new Map<string, number[]>();
  specs.forEach((spec, index) => {
    const list = positions.get(spec.name);
    if (list) list.push(index);
    else positions.set(spec.name, [index]);
  });
  return positions;
};

const label = (specs: readonly JobSpec[], index: number): string => {
  const spec = specs[index]!;
  return spec.key === null ? `#${index} (${spec.name})` : `'${spec.key}'`;
};

/**
 * Turn a batch of job specs (a whole DAG, possibly leaning on existing jobs) into new jobs:
 * references resolved, cycles refused with their path, and each job PENDING with its unmet count,
 * or BLOCKED at once when something it depends on already failed.
 */
export const planBatch = (
  projectId: number,
  specs: readonly JobSpec[],
  taskTerms: (taskId: number) => TaskTerms,
  existing: ReadonlyMap<number, ExistingDependency>,
  now: Date,
  /** Ids of the project's jobs by name, for the names of `namesOutsideBatch` (those jobs are in `existing`). */
  projectJobsNamed: ReadonlyMap<string, readonly number[]> = new Map(),
): E.Either<DomainError, NewJob[]> => {
  const keys = new Map<string, number>();
  for (const [index, spec] of specs.entries()) {
    const name = validateName(`jobs[${index}].name`, spec.name);
    if (E.isLeft(name)) return name;
    const parameters = validateParameters(`jobs[${index}].parameters`, spec.parameters);
    if (E.isLeft(parameters)) return parameters;
    if (!Number.isSafeInteger(spec.priority)) {
      return E.left(validationFailed(`jobs[${index}].priority`, `priority must be an integer, got ${spec.priority}`));
    }
    if (spec.key === null) continue;
    if (keys.has(spec.key)) return E.left(validationFailed(`jobs[${index}].key`, `key '${spec.key}' is used by two jobs of the batch`));
    keys.set(spec.key, index);
  }

  const batchNames = specs.some((spec) => spec.dependsOn.some((ref) => ref.kind === 'name')) ? positionsByName(specs) : new Map<string, number[]>();
  const targets: DependencyTarget[][] = [];
  for (const [index, spec] of specs.entries()) {
    const resolved: DependencyTarget[] = [];
    for (const ref of spec.dependsOn) {
      const target =
        ref.kind === 'name'
          ? E.chain((named: DependencyTarget) => resolveTarget(named, specs.length, existing, projectId))(
              resolveDependencyName(ref.name, batchNames.get(ref.name) ?? [], projectJobsNamed.get(ref.name) ?? [], projectId, `jobs[${index}].depends`),
            )
          : resolve(ref, keys, specs.length, existing, projectId);
      if (E.isLeft(target)) return target;
      if (target.right.kind === 'batch' && target.right.index === index) {
        return E.left(cycleDetected([label(specs, index), label(specs, index)]));
      }
      if (!resolved.some((t) => sameTarget(t, target.right))) resolved.push(target.right);
    }
    targets.push(resolved);
  }

  const batchDeps = (index: number): number[] => targets[index]!.flatMap((t) => (t.kind === 'batch' ? [t.index] : []));
  const indices = specs.map((_, index) => index);
  // A batch whose jobs do not depend on each other (the common bulk case) has no cycle and no order to find.
  const independent = targets.every((resolved) => resolved.every((t) => t.kind !== 'batch'));
  const cycle = independent ? null : findCycle(indices, batchDeps);
  if (cycle !== null) return E.left(cycleDetected(cycle.map((index) => label(specs, index))));

  const planned: NewJob[] = new Array(specs.length);
  for (const index of independent ? indices : dependencyOrder(indices, batchDeps)) {
    const spec = specs[index]!;
    const states = targets[index]!.map((t) =>
      t.kind === 'job'
        ? existing.get(t.id)!
        : { id: -1 - t.index, status: planned[t.index]!.status, blockedBy: planned[t.index]!.blockedBy },
    );
    const ready = readiness(states);
    const terms = taskTerms(spec.taskId);
    planned[index] = {
      projectId,
      taskId: spec.taskId,
      name: spec.name,
      parameters: spec.parameters,
      priority: spec.priority,
      status: ready.blockedBy === null ? 'PENDING' : 'BLOCKED',
      dependencies: targets[index]!,
      unmetDependencies: ready.unmetDependencies,
      requirements: terms.requirements,
      attempts: 0,
      maxAttempts: terms.maxAttempts,
      lease: null,
      exitCode: null,
      failureReason: ready.blockedBy === null ? null : blockedReason(ready.blockedBy),
      blockedBy: ready.blockedBy,
      createdAt: now,
      updatedAt: now,
      startedAt: null,
      finishedAt: null,
    };
  }
  return E.right(planned);
};

const sameTarget = (a: DependencyTarget, b: DependencyTarget): boolean =>
  a.kind === 'job' ? b.kind === 'job' && a.id === b.id : b.kind === 'batch' && a.index === b.index;

const resolveTarget = (
  target: DependencyTarget,
  size: number,
  existing: ReadonlyMap<number, ExistingDependency>,
  projectId: number,
): E.Either<DomainError, DependencyTarget> =>
  resolve(target.kind === 'job' ? target : { kind: 'position', index: target.index }, new Map(), size, existing, projectId);

const resolve = (
  ref: Exclude<DependencyRef, { kind: 'name' }>,
  keys: ReadonlyMap<string, number>,
  size: number,
  existing: ReadonlyMap<number, ExistingDependency>,
  projectId: number,
): E.Either<DomainError, DependencyTarget> => {
  switch (ref.kind) {
    case 'position':
      return Number.isInteger(ref.index) && ref.index >= 0 && ref.index < size
        ? E.right({ kind: 'batch', index: ref.index })
        : E.left(unknownDependency(describe(ref)));
    case 'key': {
      const index = keys.get(ref.key);
      return index === undefined ? E.left(unknownDependency(describe(ref))) : E.right({ kind: 'batch', index });
    }
    case 'job': {
      const job = existing.get(ref.id);
      if (job === undefined) return E.left(unknownDependency(describe(ref)));
      if (job.projectId !== projectId) return E.left(crossProjectDependency(job.id, job.projectId, projectId));
      return E.right({ kind: 'job', id: job.id });
    }
  }
};
