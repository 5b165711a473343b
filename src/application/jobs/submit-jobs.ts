import * as E from 'fp-ts/lib/Either.js';
import { namesOutsideBatch, planBatch, type JobSpec, type TaskTerms } from '../../domain/batch-plan.js';
import { idsByName } from '../../domain/dependency-names.js';
import { taskNotFound, type DomainError } from '../../domain/errors.js';
import type { Job } from '../../domain/job.js';
import { inject, injectable } from '../injection.js';
import { findProject } from '../lookups.js';
import { Clock } from '../ports/clock.port.js';
import { JobSignal } from '../ports/job-signal.port.js';
import { Store } from '../ports/store.port.js';
import { explainMissingDependency } from './removed-dependency-hint.js';

/**
 * Submits jobs to a project in one transaction: one job, a list, or a whole DAG whose jobs
 * reference each other (by position, key or name) and existing jobs of the project (by id or name).
 */
@injectable()
export class SubmitJobs {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
    @inject(JobSignal) private readonly signal: JobSignal,
  ) {}

  async execute(projectId: number, specs: readonly JobSpec[]): Promise<E.Either<DomainError, Job[]>> {
    const names = namesOutsideBatch(specs);
    const dependsOnExisting = names.length > 0 || specs.some((spec) => spec.dependsOn.some((dependency) => dependency.kind === 'job'));
    // Dependencies on existing jobs are read under a shared lock, which needs a transaction; without
    // them the work is reads and one insert, atomic by itself (no BEGIN/COMMIT round trips).
    const unitOfWork = dependsOnExisting ? this.store.transaction.bind(this.store) : this.store.autocommit.bind(this.store);
    const result = await unitOfWork<DomainError, Job[]>(async (tx) => {
      const taskIds = [...new Set(specs.map((s) => s.taskId))];
      const tasks = new Map((await tx.tasks.getMany(taskIds)).map((t) => [t.id, t]));
      const foreign = taskIds.find((id) => tasks.get(id)?.projectId !== projectId);
      // A task of the project proves the project exists; only an empty or refused batch looks it up.
      if (foreign !== undefined || taskIds.length === 0) {
        const project = await findProject(tx, projectId);
        if (E.isLeft(project)) return project;
      }
      if (foreign !== undefined) return E.left(taskNotFound(foreign, projectId));
      const terms = (taskId: number): TaskTerms => tasks.get(taskId)!;

      // Names no job of the batch carries are the project's jobs; only a name of one job resolves.
      const named = idsByName(await tx.jobs.named(projectId, names));
      const namedIds = [...named.values()].flatMap((ids) => (ids.length === 1 ? ids : []));
      const dependencyIds = [...new Set([...specs.flatMap((s) => s.dependsOn.flatMap((d) => (d.kind === 'job' ? [d.id] : []))), ...namedIds])];
      const existing = new Map((await tx.jobs.getManyForShare(dependencyIds)).map((j) => [j.id, j]));

      const planned = await explainMissingDependency(tx, projectId, planBatch(projectId, specs, terms, existing, this.clock.now(), named));
      return E.isLeft(planned) ? planned : E.right(await tx.jobs.insert(planned.right));
    });
    if (E.isRight(result) && result.right.length > 0) this.signal.notify(projectId);
    return result;
  }
}
