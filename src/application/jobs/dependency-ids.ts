import * as E from 'fp-ts/lib/Either.js';
import { idsByName, resolveDependencyName } from '../../domain/dependency-names.js';
import type { DomainError } from '../../domain/errors.js';
import type { StoreTransaction } from '../ports/store.port.js';

/**
 * The job ids a job's new `depends` names, once each: ids as given, names looked up among the
 * project's jobs (a name must name exactly one).
 */
export const dependencyIds = async (
  tx: StoreTransaction,
  projectId: number,
  dependsOn: readonly (number | string)[],
): Promise<E.Either<DomainError, number[]>> => {
  const names = [...new Set(dependsOn.filter((d): d is string => typeof d === 'string'))];
  const named = idsByName(await tx.jobs.named(projectId, names));
  const ids: number[] = [];
  for (const dependency of dependsOn) {
    if (typeof dependency === 'number') {
      ids.push(dependency);
      continue;
    }
    const target = resolveDependencyName(dependency, null, named.get(dependency) ?? [], projectId, 'depends');
    if (E.isLeft(target)) return target;
    if (target.right.kind === 'job') ids.push(target.right.id);
  }
  return E.right([...new Set(ids)]);
};
