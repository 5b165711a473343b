import * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import type { Job } from '../../domain/job.js';
import type { TransitionError } from '../../domain/job-transitions.js';
import type { Task } from '../../domain/task.js';
import { lockJob } from '../lookups.js';
import type { Store } from '../ports/store.port.js';
import { saveTransition } from '../jobs/job-graph.js';

/** A job before and after a transition that was saved. */
export interface SavedTransition {
  readonly before: Job;
  readonly after: Job;
}

/** Locks a job, applies a worker's report as a transition, and saves it with its DAG effects. */
export const reportOnJob = (
  store: Store,
  id: number,
  transition: (job: Job, task: Task | null) => E.Either<TransitionError, Job>,
  now: Date,
  needsTask = false,
): Promise<E.Either<DomainError, SavedTransition>> =>
  store.transaction<DomainError, SavedTransition>(async (tx) => {
    const job = await lockJob(tx, id);
    if (E.isLeft(job)) return job;
    const task = needsTask ? await tx.tasks.get(job.right.taskId) : null;
    const next = transition(job.right, task);
    if (E.isLeft(next)) return next;
    await saveTransition(tx, job.right, next.right, now);
    return E.right({ before: job.right, after: next.right });
  });
