import type { FinishedFigures, JobFilter, JobSelection, JobStore, NamedJob, TaskDependencyCount, TaskedEdge } from '../../../application/ports/job-store.port.js';
import type { DependencyTarget, Job, NewJob } from '../../../domain/job.js';
import type { Requirements } from '../../../domain/resources.js';
import type { JobActivity } from '../../../domain/run.js';
import type { StatusChange } from '../../../domain/status-change.js';
import type { TimeWindow } from '../../../domain/time-window.js';
import { type JobRecord, jobToDomain, jobToRecord } from './jobs.table.js';
import { StaleTasks } from './known-tasks.js';
import { toNumber } from './sql-values.js';
import { activeInWindow } from './sql/job-active-in-window.js';
import { blockDependents } from './sql/job-block-dependents.js';
import { deleteJobs } from './sql/job-delete.js';
import { connectedJobIds } from './sql/job-connected.js';
import { countDependenciesByTask } from './sql/job-count-dependencies-by-task.js';
import { insertDependencies, type NewEdge } from './sql/job-dependencies-insert.js';
import { directDependentsOutside } from './sql/job-direct-dependents-outside.js';
import { edgesTouching } from './sql/job-edges-touching.js';
import { finishedInWindow } from './sql/job-finished-in-window.js';
import { getJobsByIds } from './sql/job-get-by-ids.js';
import { jobInsertStatement } from './sql/job-insert.js';
import { idsOfJobsMatching, listJobs } from './sql/job-list.js';
import { namedJobs } from './sql/job-named.js';
import { satisfyDependents } from './sql/job-satisfy-dependents.js';
import { readStatusHistory } from './sql/job-status-history.js';
import { removeOnComplete } from './sql/job-remove-on-complete.js';
import { sweepExpired } from './sql/job-sweep-expired.js';
import { transitiveDependents } from './sql/job-transitive-dependents.js';
import { updateUnclaimedJobsOfTask } from './sql/job-update-unclaimed-of-task.js';
import { updateJobs } from './sql/job-update-many.js';
import { TaskSightings } from './task-sightings.js';
import type { TransactionSql } from './transaction-sql.js';

interface InsertedRows {
  readonly ids: number[];
  readonly dependencies: number[][];
}

/** Rows per INSERT of a large batch: big enough that per-statement costs vanish, small enough to overlap. */
const INSERT_CHUNK_ROWS = 2_000;
const FIRST_CHUNK_ROWS = 250;

/**
 * Jobs and their edges on PostgreSQL (server or PGlite): each method runs the statement of sql/
 * that does its work (two for an insert with edges), on the caller's transaction. The hot path of
 * claims and run reports is MikroOrmQueue's.
 */
export class MikroOrmJobStore implements JobStore {
  constructor(
    private readonly sql: TransactionSql,
    private readonly tasksSeen: TaskSightings = new TaskSightings(),
  ) {}

  async get(id: number): Promise<Job | null> {
    const [job] = await getJobsByIds(this.sql, [id], 'none');
    return job ?? null;
  }

  async getForUpdate(id: number): Promise<Job | null> {
    const [job] = await getJobsByIds(this.sql, [id], 'update');
    return job ?? null;
  }

  getManyForUpdate(ids: readonly number[]): Promise<Job[]> {
    return getJobsByIds(this.sql, ids, 'update');
  }

  getMany(ids: readonly number[]): Promise<Job[]> {
    return getJobsByIds(this.sql, ids, 'none');
  }

  getManyForShare(ids: readonly number[]): Promise<Job[]> {
    return getJobsByIds(this.sql, ids, 'share');
  }

  list(filter: JobFilter): Promise<Job[]> {
    return listJobs(this.sql, filter);
  }

  named(projectId: number, names: readonly string[]): Promise<NamedJob[]> {
    return namedJobs(this.sql, projectId, names);
  }

  ids(filter: JobSelection): Promise<number[]> {
    return idsOfJobsMatching(this.sql, filter);
  }

  async insert(jobs: readonly NewJob[]): Promise<Job[]> {
    if (jobs.length === 0) return [];
    const records = jobs.map(jobToRecord);
    const write = async (): Promise<InsertedRows> => {
      const ids = await this.insertRows(records);
      const resolve = (target: DependencyTarget): number => {
        if (target.kind === 'job') return target.id;
        const id = ids[target.index];
        if (id === undefined) throw new Error(`Batch dependency on position ${target.index} is outside the batch of ${ids.length}.`);
        return id;
      };
      const dependencies = jobs.map((job) => (job.dependencies.length === 0 ? [] : job.dependencies.map(resolve).sort((a, b) => a - b)));
      // The tasks of the batch's own jobs are known; a stored job's, the statement reads.
      const edges: NewEdge[] = jobs.flatMap((job, index) =>
        job.dependencies.map((target) => ({
          jobId: ids[index]!,
          projectId: job.projectId,
          taskId: job.taskId,
          dependsOnId: resolve(target),
          dependsOnTaskId: target.kind === 'batch' ? (jobs[target.index]?.taskId ?? null) : null,
        })),
      );
      await insertDependencies(this.sql, edges);
      return { ids, dependencies };
    };
    // One statement needs no transaction around it; chunks and edges must all land or none.
    const oneStatement = records.length <= INSERT_CHUNK_ROWS && jobs.every((job) => job.dependencies.length === 0);
    const { ids, dependencies } = oneStatement ? await write() : await this.sql.atomic(write);
    // Built from what was stored, so that no object of the caller's is shared with the result.
    return records.map((record, index) => jobToDomain(record, dependencies[index]!, ids[index]!));
  }

  /**
   * The rows' ids, in the records' order. Large batches go in chunks, and each chunk's parameters
   * are built while the database writes the previous one, so that the two processors overlap
   * instead of taking turns (the build costs about as much as the insert).
   */
  private async insertRows(records: readonly Omit<JobRecord, 'id'>[]): Promise<number[]> {
    const ids: number[] = [];
    // Tasks the unit of work took from the known tasks instead of reading them (see KnownTasks).
    const assumed = this.tasksSeen.assumptions;
    const guard = assumed.ids.length === 0 ? null : assumed;
    let inFlight: Promise<number[]> | null = null;
    try {
      // In chunks anyway, a small first one sets the database to work while the next, full ones are built.
      const first = records.length > INSERT_CHUNK_ROWS ? FIRST_CHUNK_ROWS : INSERT_CHUNK_ROWS;
      for (let start = 0, size = first; start < records.length; start += size, size = INSERT_CHUNK_ROWS) {
        const chunk = records.slice(start, start + size);
        const statement = jobInsertStatement(chunk, guard);
        if (inFlight !== null) ids.push(...(await inFlight));
        // Ids are drawn in each chunk's order, so the chunk's i-th smallest id is its i-th record.
        inFlight = this.sql.rows<{ id: unknown }>(statement.sql, statement.params).then((rows) => {
          const chunkIds = rows.map((row) => toNumber(row.id));
          if (chunkIds.length !== chunk.length) throw new StaleTasks(assumed.ids);
          return chunkIds.sort((a, b) => a - b);
        });
      }
      ids.push(...(await inFlight!));
    } finally {
      // A fault while building the next chunk must not leave the one in flight unobserved.
      await inFlight?.catch(() => undefined);
    }
    return ids;
  }

  update(job: Job): Promise<void> {
    return this.updateMany([job]);
  }

  updateMany(jobs: readonly Job[]): Promise<void> {
    return updateJobs(this.sql, jobs);
  }

  delete(ids: readonly number[]): Promise<void> {
    return deleteJobs(this.sql, ids);
  }

  removeOnComplete(ids: readonly number[]): Promise<number[]> {
    return removeOnComplete(this.sql, ids);
  }

  sweepExpired(now: Date, limit: number): Promise<number[]> {
    return sweepExpired(this.sql, now, limit);
  }

  transitiveDependents(id: number): Promise<Job[]> {
    return transitiveDependents(this.sql, id);
  }

  directDependentsOutside(ids: readonly number[]): Promise<number[]> {
    return directDependentsOutside(this.sql, ids);
  }

  countDependenciesByTask(projectId: number): Promise<TaskDependencyCount[]> {
    return countDependenciesByTask(this.sql, projectId);
  }

  edgesTouching(ids: readonly number[]): Promise<TaskedEdge[]> {
    return edgesTouching(this.sql, ids);
  }

  connected(id: number, limit: number): Promise<number[]> {
    return connectedJobIds(this.sql, id, limit);
  }

  satisfyDependents(ids: readonly number[], now: Date): Promise<number[]> {
    return satisfyDependents(this.sql, ids, now);
  }

  blockDependents(roots: readonly number[], blockedBy: number, reason: string, now: Date): Promise<number[]> {
    return blockDependents(this.sql, roots, blockedBy, reason, now);
  }

  updateUnclaimedJobsOfTask(taskId: number, requirements: Requirements, maxAttempts: number, now: Date): Promise<void> {
    return updateUnclaimedJobsOfTask(this.sql, taskId, requirements, maxAttempts, now);
  }

  history(jobId: number): Promise<StatusChange[] | null> {
    return readStatusHistory(this.sql, jobId);
  }

  activeInWindow(projectId: number, window: TimeWindow, limit: number): Promise<JobActivity[]> {
    return activeInWindow(this.sql, projectId, window, limit);
  }

  finishedInWindow(projectId: number, window: TimeWindow): Promise<FinishedFigures> {
    return finishedInWindow(this.sql, projectId, window);
  }
}
