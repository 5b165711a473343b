import * as E from 'fp-ts/lib/Either.js';
import { validationFailed, type ValidationFailed } from './errors.js';
import type { DependencyTarget } from './job.js';

/**
 * A `depends` key that is not a job id names a job (the original's docs write batches that way).
 * It resolves to the one job of that name in the batch, else to the one job of that name in the
 * project; several jobs of the name, or none, is refused naming the key.
 */
export const resolveDependencyName = (
  name: string,
  /** Positions of the batch's jobs of that name; null outside a batch. */
  inBatch: readonly number[] | null,
  /** Ids of the project's stored jobs of that name. */
  inProject: readonly number[],
  projectId: number,
  field: string,
): E.Either<ValidationFailed, DependencyTarget> => {
  const key = `depends key '${name}'`;
  if (inBatch !== null && inBatch.length === 1) return E.right({ kind: 'batch', index: inBatch[0]! });
  if (inBatch !== null && inBatch.length > 1) {
    return E.left(validationFailed(field, `${key} is ambiguous: the jobs at batch positions ${inBatch.join(', ')} are all named '${name}' (use depends_on with a key or a position)`));
  }
  if (inProject.length === 1) return E.right({ kind: 'job', id: inProject[0]! });
  if (inProject.length > 1) {
    return E.left(validationFailed(field, `${key} is ambiguous: jobs ${inProject.join(', ')} of project ${projectId} are all named '${name}' (use a job id as the key)`));
  }
  return E.left(validationFailed(field, `${key} is not a job id, and no job named '${name}' exists in ${inBatch === null ? '' : 'the batch or in '}project ${projectId}`));
};

/** Ids of stored jobs by name, from what the store found. */
export const idsByName = (found: readonly { readonly id: number; readonly name: string }[]): Map<string, number[]> => {
  const byName = new Map<string, number[]>();
  for (const job of found) {
    const ids = byName.get(job.name);
    if (ids) ids.push(job.id);
    else byName.set(job.name, [job.id]);
  }
  for (const ids of byName.values()) ids.sort((a, b) => a - b);
  return byName;
};
