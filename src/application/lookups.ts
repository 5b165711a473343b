import * as E from 'fp-ts/lib/Either.js';
import { jobNotFound, projectNotFound, taskNotFound, workerNotFound, type JobNotFound, type ProjectNotFound, type TaskNotFound, type WorkerNotFound } from '../domain/errors.js';
import type { Job } from '../domain/job.js';
import type { Project } from '../domain/project.js';
import type { Task } from '../domain/task.js';
import type { WorkerRegistration } from '../domain/worker.js';
import type { StoreTransaction } from './ports/store.port.js';

export const findProject = async (tx: StoreTransaction, id: number): Promise<E.Either<ProjectNotFound, Project>> =>
  E.fromNullable(projectNotFound(id))(await tx.projects.get(id));

export const findProjectByName = async (tx: StoreTransaction, name: string): Promise<E.Either<ProjectNotFound, Project>> =>
  E.fromNullable(projectNotFound(name))(await tx.projects.getByName(name));

export const findTask = async (tx: StoreTransaction, id: number): Promise<E.Either<TaskNotFound, Task>> =>
  E.fromNullable(taskNotFound(id))(await tx.tasks.get(id));

export const findJob = async (tx: StoreTransaction, id: number): Promise<E.Either<JobNotFound, Job>> =>
  E.fromNullable(jobNotFound(id))(await tx.jobs.get(id));

/** The job, locked for the rest of the transaction. */
export const lockJob = async (tx: StoreTransaction, id: number): Promise<E.Either<JobNotFound, Job>> =>
  E.fromNullable(jobNotFound(id))(await tx.jobs.getForUpdate(id));

export const findWorker = async (tx: StoreTransaction, id: string): Promise<E.Either<WorkerNotFound, WorkerRegistration>> =>
  E.fromNullable(workerNotFound(id))(await tx.workers.get(id));
