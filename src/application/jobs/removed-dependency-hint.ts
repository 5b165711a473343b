import * as E from 'fp-ts/lib/Either.js';
import { unknownDependency, type DomainError } from '../../domain/errors.js';
import { formatRetention, type Retention } from '../../domain/retention.js';
import type { StoreTransaction } from '../ports/store.port.js';

const removes = (retention: Retention | null): boolean => retention !== null && retention._tag !== 'KeepForever';

/**
 * A dependency that does not exist may be a job the project's retention removed: a job may not
 * depend on a removed one, and the refusal says why it may be gone. Read only on that refusal.
 */
export const explainMissingDependency = async <A>(
  tx: StoreTransaction,
  projectId: number,
  result: E.Either<DomainError, A>,
): Promise<E.Either<DomainError, A>> => {
  if (E.isRight(result) || result.left._tag !== 'UnknownDependency' || !result.left.reference.startsWith('job id')) return result;
  const project = await tx.projects.get(projectId);
  if (project === null) return result;
  const tasks = (await tx.tasks.list(projectId, { limit: 1_000, offset: 0 })).filter((task) => removes(task.retention));
  const policies = [
    ...(removes(project.retention) ? [`project '${project.name}' keeps finished jobs by '${formatRetention(project.retention)}'`] : []),
    ...tasks.map((task) => `task '${task.name}' by '${formatRetention(task.retention!)}'`),
  ];
  if (policies.length === 0) return result;
  return E.left(unknownDependency(result.left.reference, `It may have been removed by retention (${policies.join(', ')}); a job cannot depend on a removed job.`));
};
