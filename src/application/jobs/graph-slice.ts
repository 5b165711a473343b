import * as E from 'fp-ts/lib/Either.js';
import { jobNotFound, taskNotFound, validationFailed, type JobNotFound, type ProjectNotFound, type TaskNotFound, type ValidationFailed } from '../../domain/errors.js';
import type { Job } from '../../domain/job.js';
import { inject, injectable } from '../injection.js';
import { findProject } from '../lookups.js';
import type { TaskedEdge } from '../ports/job-store.port.js';
import { Store, type StoreTransaction } from '../ports/store.port.js';

/** The most jobs one slice of the DAG holds: what a browser draws at ease. */
export const MAX_SLICE_JOBS = 5_000;

/** Which jobs: a page of one task's jobs in id order (after `afterId`), or the jobs linked to one job (its batch). */
export type SliceRequest =
  | { readonly kind: 'task'; readonly projectId: number; readonly taskId: number; readonly afterId: number | null; readonly limit: number }
  | { readonly kind: 'around'; readonly projectId: number; readonly jobId: number; readonly limit: number };

export interface GraphSlice {
  readonly projectId: number;
  /** In id order. */
  readonly jobs: readonly Job[];
  /** Every edge with an end among the jobs; an end outside them links the slice to the rest of the DAG (its task says where). */
  readonly edges: readonly TaskedEdge[];
  /** Whether more jobs belong to it than the limit let in: more of the task after the last one, or more of the batch. */
  readonly more: boolean;
}

interface Chosen {
  readonly jobs: Job[];
  readonly more: boolean;
}

export type SliceError = ProjectNotFound | TaskNotFound | JobNotFound | ValidationFailed;

/**
 * A bounded slice of a project's DAG: at most `limit` jobs (≤ MAX_SLICE_JOBS) and the edges that
 * touch them, so that the dashboard never reads the whole project. A task's slice pages by key:
 * the next one starts after the last job of this one.
 */
@injectable()
export class GraphSliceOf {
  constructor(@inject(Store) private readonly store: Store) {}

  execute(request: SliceRequest): Promise<E.Either<SliceError, GraphSlice>> {
    return this.store.transaction<SliceError, GraphSlice>(async (tx) => {
      if (!Number.isSafeInteger(request.limit) || request.limit < 1 || request.limit > MAX_SLICE_JOBS) {
        return E.left(validationFailed('limit', `limit must be an integer from 1 to ${MAX_SLICE_JOBS}, got ${request.limit}`));
      }
      const project = await findProject(tx, request.projectId);
      if (E.isLeft(project)) return project;
      const chosen: E.Either<TaskNotFound | JobNotFound, Chosen> = request.kind === 'task' ? await this.ofTask(tx, request) : await this.around(tx, request);
      if (E.isLeft(chosen)) return chosen;
      const { jobs, more } = chosen.right;
      return E.right({ projectId: request.projectId, jobs, edges: await tx.jobs.edgesTouching(jobs.map((job) => job.id)), more });
    });
  }

  private async ofTask(tx: StoreTransaction, request: Extract<SliceRequest, { kind: 'task' }>): Promise<E.Either<TaskNotFound, Chosen>> {
    const task = await tx.tasks.get(request.taskId);
    if (task === null || task.projectId !== request.projectId) return E.left(taskNotFound(request.taskId, request.projectId));
    // One more than the limit tells whether more follow.
    const jobs = await tx.jobs.list({ projectId: request.projectId, taskId: request.taskId, status: null, afterId: request.afterId, limit: request.limit + 1, offset: 0 });
    return E.right({ jobs: jobs.slice(0, request.limit), more: jobs.length > request.limit });
  }

  /** The job itself always, then the nearest of its batch; in id order. */
  private async around(tx: StoreTransaction, request: Extract<SliceRequest, { kind: 'around' }>): Promise<E.Either<JobNotFound, Chosen>> {
    const ids = await tx.jobs.connected(request.jobId, request.limit + 1);
    const jobs = await tx.jobs.getMany(ids.slice(0, request.limit));
    if (!jobs.some((job) => job.id === request.jobId && job.projectId === request.projectId)) return E.left(jobNotFound(request.jobId));
    return E.right({ jobs, more: ids.length > request.limit });
  }
}
