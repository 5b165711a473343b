import * as E from 'fp-ts/lib/Either.js';
import type { ProjectNotFound } from '../../domain/errors.js';
import { JOB_STATUSES, type JobStatus } from '../../domain/job-status.js';
import { inject, injectable } from '../injection.js';
import { findProject } from '../lookups.js';
import { Store, type StoreTransaction } from '../ports/store.port.js';

export type StatusTally = Record<JobStatus, number>;

export interface QueueStatistics {
  readonly projectId: number;
  readonly total: number;
  readonly byStatus: StatusTally;
  readonly byTask: readonly { readonly taskId: number; readonly taskName: string; readonly total: number; readonly byStatus: StatusTally }[];
}

const emptyTally = (): Record<JobStatus, number> => Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;

/** The project's counts by status and task, read from the counts the store keeps (no job is read). */
export const statisticsOf = async (tx: StoreTransaction, projectId: number): Promise<QueueStatistics> => {
  const counts = await tx.queue.countByTaskAndStatus(projectId);
  const tasks = new Map((await tx.tasks.getMany([...new Set(counts.map((c) => c.taskId))])).map((t) => [t.id, t]));
  const byStatus = emptyTally();
  const byTask = new Map<number, { taskId: number; taskName: string; total: number; byStatus: StatusTally }>();
  for (const { taskId, status, count } of counts) {
    byStatus[status] += count;
    const entry = byTask.get(taskId) ?? { taskId, taskName: tasks.get(taskId)?.name ?? String(taskId), total: 0, byStatus: emptyTally() };
    entry.total += count;
    entry.byStatus[status] += count;
    byTask.set(taskId, entry);
  }
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return { projectId, total, byStatus, byTask: [...byTask.values()].sort((a, b) => a.taskId - b.taskId) };
};

@injectable()
export class QueueStats {
  constructor(@inject(Store) private readonly store: Store) {}

  execute(projectId: number): Promise<E.Either<ProjectNotFound, QueueStatistics>> {
    return this.store.transaction<ProjectNotFound, QueueStatistics>(async (tx) => {
      const project = await findProject(tx, projectId);
      if (E.isLeft(project)) return project;
      return E.right(await statisticsOf(tx, projectId));
    });
  }
}
