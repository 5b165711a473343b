import * as E from 'fp-ts/lib/Either.js';
import type { ProjectNotFound } from '../../domain/errors.js';
import { inject, injectable } from '../injection.js';
import { findProject } from '../lookups.js';
import type { TaskDependencyCount } from '../ports/job-store.port.js';
import { Store } from '../ports/store.port.js';
import { statisticsOf, type QueueStatistics } from './queue-stats.js';

/**
 * A project's DAG condensed by task: each task with jobs is a node with its counts by status, and
 * each pair of tasks linked by job dependencies an edge with their number.
 */
export interface CondensedGraph {
  readonly projectId: number;
  readonly total: number;
  readonly tasks: QueueStatistics['byTask'];
  /** By task id, then the task depended on. */
  readonly dependencies: readonly TaskDependencyCount[];
}

/**
 * The condensed DAG, read from counts the store keeps (per task and status, per pair of tasks), so
 * it costs the project's tasks, not its jobs: what a dashboard can open on a project of any size.
 */
@injectable()
export class ProjectGraph {
  constructor(@inject(Store) private readonly store: Store) {}

  execute(projectId: number): Promise<E.Either<ProjectNotFound, CondensedGraph>> {
    return this.store.transaction<ProjectNotFound, CondensedGraph>(async (tx) => {
      const project = await findProject(tx, projectId);
      if (E.isLeft(project)) return project;
      const stats = await statisticsOf(tx, projectId);
      const dependencies = await tx.jobs.countDependenciesByTask(projectId);
      return E.right({ projectId, total: stats.total, tasks: stats.byTask, dependencies });
    });
  }
}
