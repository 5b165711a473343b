import type { FinishedFigures, JobFilter, JobSelection, JobStore, NamedJob, TaskDependencyCount, TaskedEdge } from '../../../application/ports/job-store.port.js';
import { reachable } from '../../../domain/graph.js';
import type { DependencyTarget, Job, NewJob } from '../../../domain/job.js';
import type { Requirements } from '../../../domain/resources.js';
import { SWEPT_STATUSES, type Retention } from '../../../domain/retention.js';
import type { JobActivity } from '../../../domain/run.js';
import type { StatusChange } from '../../../domain/status-change.js';
import type { TimeWindow } from '../../../domain/time-window.js';
import { finishedFigures } from './finished-figures.js';
import { frozenStatusChange } from './frozen-copies.js';
import { retentionOfJob } from './job-retention.js';
import type { MemoryTables } from './memory-tables.js';
import { ascending, pageOf } from './listing.js';
import type { UndoLog } from './undo-log.js';

/** Jobs and their edges in process memory; the hot path of claims and run reports is MemoryQueue's. */
export class MemoryJobStore implements JobStore {
  constructor(
    private readonly tables: MemoryTables,
    private readonly log: UndoLog,
  ) {}

  private get jobs() {
    return this.tables.jobs;
  }

  async get(id: number): Promise<Job | null> {
    return this.jobs.get(id) ?? null;
  }

  /** Transactions run one at a time, so holding the transaction is holding the lock. */
  async getForUpdate(id: number): Promise<Job | null> {
    return this.get(id);
  }

  /** Transactions run one at a time here: reading is enough. */
  getManyForUpdate(ids: readonly number[]): Promise<Job[]> {
    return this.getMany(ids);
  }

  async getMany(ids: readonly number[]): Promise<Job[]> {
    return this.found(new Set(ids));
  }

  /** Transactions run one at a time here: reading is enough. */
  getManyForShare(ids: readonly number[]): Promise<Job[]> {
    return this.getMany(ids);
  }

  async list(filter: JobFilter): Promise<Job[]> {
    const afterId = filter.afterId ?? null;
    return pageOf(afterId === null ? this.matching(filter) : this.matching(filter).filter((job) => job.id > afterId), filter);
  }

  async insert(newJobs: readonly NewJob[]): Promise<Job[]> {
    const ids = newJobs.map(() => this.jobs.ids.next(this.log));
    const resolve = (target: DependencyTarget): number => {
      if (target.kind === 'job') return target.id;
      const id = ids[target.index];
      if (id === undefined) throw new Error(`Batch dependency on position ${target.index} is outside the batch of ${ids.length}.`);
      return id;
    };
    const jobs = newJobs.map((newJob, index) => ({ ...newJob, id: ids[index]!, dependencies: newJob.dependencies.map(resolve) }));
    const batch = new Set(ids);
    for (const job of jobs) this.checkReferences(job, batch);
    return jobs.map((job) => this.jobs.save(job, this.log));
  }

  async update(job: Job): Promise<void> {
    if (this.jobs.get(job.id) === undefined) throw new Error(`Cannot update job ${job.id}: it does not exist.`);
    this.checkReferences(job, new Set());
    this.jobs.save(job, this.log);
  }

  async updateMany(jobs: readonly Job[]): Promise<void> {
    for (const job of jobs) await this.update(job);
  }

  async named(projectId: number, names: readonly string[]): Promise<NamedJob[]> {
    if (names.length === 0) return [];
    const wanted = new Set(names);
    return this.found(this.jobs.idsOfProject(projectId))
      .filter((job) => wanted.has(job.name))
      .map((job) => ({ id: job.id, name: job.name }));
  }

  async delete(ids: readonly number[]): Promise<void> {
    this.jobs.removeJobs(ids, this.log);
  }

  async removeOnComplete(ids: readonly number[]): Promise<number[]> {
    const removed = [...new Set(ids)]
      .filter((id) => {
        const job = this.jobs.get(id);
        return job?.status === 'COMPLETED' && retentionOfJob(this.tables, job)._tag === 'RemoveOnComplete';
      })
      .sort(ascending);
    this.jobs.removeJobs(removed, this.log);
    return removed;
  }

  async sweepExpired(now: Date, limit: number): Promise<number[]> {
    const expired: number[] = [];
    for (const task of this.tables.tasks.values()) {
      const retention = retentionOfJob(this.tables, { projectId: task.projectId, taskId: task.id });
      if (retention._tag !== 'KeepFor') continue;
      const cutoff = now.getTime() - retention.seconds * 1000;
      for (const id of this.jobs.idsOfTask(task.id)) {
        const job = this.jobs.get(id)!;
        const finishedAt = job.finishedAt?.getTime() ?? Number.POSITIVE_INFINITY;
        if (SWEPT_STATUSES.includes(job.status) && finishedAt <= cutoff && !this.awaited(job)) expired.push(id);
      }
    }
    const swept = expired.sort(ascending).slice(0, limit);
    this.jobs.removeJobs(swept, this.log);
    return swept;
  }

  /** A FAILED or CANCELLED job that some job still waits for, to run once it is retried. */
  private awaited(job: Job): boolean {
    if (job.status === 'COMPLETED') return false;
    return [...this.jobs.dependentsOf(job.id)].some((dependent) => {
      const status = this.jobs.get(dependent)?.status;
      return status === 'PENDING' || status === 'BLOCKED';
    });
  }

  async ids(filter: JobSelection): Promise<number[]> {
    return this.matching(filter).map((job) => job.id);
  }

  async transitiveDependents(id: number): Promise<Job[]> {
    return this.found(reachable([id], (at) => this.jobs.dependentsOf(at)));
  }

  async directDependentsOutside(ids: readonly number[]): Promise<number[]> {
    const inside = new Set(ids);
    const outside = new Set<number>();
    for (const id of inside) for (const dependent of this.jobs.dependentsOf(id)) if (!inside.has(dependent)) outside.add(dependent);
    return [...outside].sort(ascending);
  }

  /** Counted from the project's jobs on each call: the memory store serves tests and embedding, where projects are small. */
  async countDependenciesByTask(projectId: number): Promise<TaskDependencyCount[]> {
    const counts = new Map<string, TaskDependencyCount>();
    for (const id of this.jobs.idsOfProject(projectId)) {
      const job = this.jobs.get(id)!;
      for (const dependency of job.dependencies) {
        const dependsOnTaskId = this.jobs.get(dependency)!.taskId;
        const key = `${job.taskId}:${dependsOnTaskId}`;
        counts.set(key, { taskId: job.taskId, dependsOnTaskId, count: (counts.get(key)?.count ?? 0) + 1 });
      }
    }
    return [...counts.values()].sort((a, b) => a.taskId - b.taskId || a.dependsOnTaskId - b.dependsOnTaskId);
  }

  async edgesTouching(ids: readonly number[]): Promise<TaskedEdge[]> {
    const edges = new Map<string, TaskedEdge>();
    const add = (jobId: number, dependsOnId: number) =>
      edges.set(`${jobId}:${dependsOnId}`, { jobId, jobTaskId: this.jobs.get(jobId)!.taskId, dependsOnId, dependsOnTaskId: this.jobs.get(dependsOnId)!.taskId });
    for (const id of new Set(ids)) {
      const job = this.jobs.get(id);
      if (job === undefined) continue;
      for (const dependency of job.dependencies) add(id, dependency);
      for (const dependent of this.jobs.dependentsOf(id)) add(dependent, id);
    }
    return [...edges.values()].sort((a, b) => a.jobId - b.jobId || a.dependsOnId - b.dependsOnId);
  }

  async connected(id: number, limit: number): Promise<number[]> {
    if (this.jobs.get(id) === undefined || limit <= 0) return [];
    const seen = new Set([id]);
    for (let frontier = [id]; frontier.length > 0 && seen.size < limit; ) {
      const next: number[] = [];
      for (const at of frontier) {
        for (const other of [...this.jobs.get(at)!.dependencies, ...this.jobs.dependentsOf(at)]) {
          if (seen.has(other) || seen.size >= limit) continue;
          seen.add(other);
          next.push(other);
        }
      }
      frontier = next;
    }
    return [...seen];
  }

  async satisfyDependents(ids: readonly number[], now: Date): Promise<number[]> {
    const ready = new Set<number>();
    for (const id of new Set(ids)) {
      for (const dependentId of [...this.jobs.dependentsOf(id)]) {
        const job = this.jobs.get(dependentId)!;
        const saved = this.jobs.save({ ...job, unmetDependencies: Math.max(0, job.unmetDependencies - 1), updatedAt: now }, this.log);
        if (saved.status === 'PENDING' && saved.unmetDependencies === 0) ready.add(dependentId);
      }
    }
    return [...ready].sort(ascending);
  }

  async blockDependents(roots: readonly number[], blockedBy: number, reason: string, now: Date): Promise<number[]> {
    // The walk passes through dependents of any status; only PENDING ones change.
    const downstream = reachable(roots, (at) => this.jobs.dependentsOf(at));
    const blocked: number[] = [];
    for (const job of this.found(downstream)) {
      if (job.status !== 'PENDING') continue;
      this.jobs.save({ ...job, status: 'BLOCKED', blockedBy, failureReason: reason, updatedAt: now }, this.log);
      blocked.push(job.id);
    }
    return blocked;
  }

  async updateUnclaimedJobsOfTask(taskId: number, requirements: Requirements, maxAttempts: number, now: Date): Promise<void> {
    for (const id of [...this.jobs.idsOfTask(taskId)]) {
      const job = this.jobs.get(id)!;
      if (job.status !== 'PENDING' && job.status !== 'BLOCKED') continue;
      this.jobs.save({ ...job, requirements, maxAttempts, updatedAt: now }, this.log);
    }
  }

  async history(jobId: number): Promise<StatusChange[] | null> {
    if (this.jobs.get(jobId) === undefined) return null;
    return this.jobs.history.of(jobId).map(frozenStatusChange);
  }

  /** Read from the project's jobs on each call: the memory store serves tests and embedding, where projects are small. */
  async activeInWindow(projectId: number, window: TimeWindow, limit: number): Promise<JobActivity[]> {
    const active: Job[] = [];
    for (const id of this.jobs.idsOfProject(projectId)) {
      const job = this.jobs.get(id)!;
      const claimed = job.status === 'QUEUED' || job.status === 'RUNNING';
      const changed = this.jobs.history.of(id).length > 0 && job.updatedAt.getTime() >= window.since.getTime();
      if ((claimed || changed) && job.createdAt.getTime() < window.until.getTime()) active.push(job);
    }
    return active
      .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || b.id - a.id)
      .slice(0, limit)
      .map((job) => ({
        id: job.id,
        name: job.name,
        taskId: job.taskId,
        status: job.status,
        startedAt: job.startedAt,
        history: this.jobs.history.of(job.id).map(frozenStatusChange),
      }));
  }

  /** Read from the project's jobs on each call, as activeInWindow. */
  async finishedInWindow(projectId: number, window: TimeWindow): Promise<FinishedFigures> {
    const finished = [...this.jobs.idsOfProject(projectId)]
      .map((id) => this.jobs.get(id)!)
      .filter(
        (job) =>
          (job.status === 'COMPLETED' || job.status === 'FAILED') &&
          job.finishedAt !== null &&
          job.finishedAt.getTime() >= window.since.getTime() &&
          job.finishedAt.getTime() < window.until.getTime(),
      );
    return finishedFigures(finished);
  }

  /** The jobs matching the filter, in id order, read from the narrowest index that applies. */
  private matching(filter: JobSelection): Job[] {
    const candidates =
      filter.projectId !== null && filter.status === 'PENDING'
        ? this.jobs.pendingIdsOf(filter.projectId)
        : filter.projectId !== null
          ? this.jobs.idsOfProject(filter.projectId)
          : filter.taskId !== null
            ? this.jobs.idsOfTask(filter.taskId)
            : null;
    const jobs = candidates === null ? [...this.jobs.values()] : [...candidates].map((id) => this.jobs.get(id)!);
    return jobs
      .filter(
        (job) =>
          (filter.projectId === null || job.projectId === filter.projectId) &&
          (filter.taskId === null || job.taskId === filter.taskId) &&
          (filter.status === null || job.status === filter.status),
      )
      .sort((a, b) => a.id - b.id);
  }

  /** The stored jobs among `ids`, in id order. */
  private found(ids: Iterable<number>): Job[] {
    return [...ids].sort(ascending).flatMap((id) => this.jobs.get(id) ?? []);
  }

  /** The memory store keeps the references the SQL stores check: the job's task exists in its project, its dependencies exist. */
  private checkReferences(job: Job, batch: ReadonlySet<number>): void {
    if (this.tables.projects.get(job.projectId) === undefined) throw new Error(`Job ${job.id}: project ${job.projectId} does not exist.`);
    if (this.tables.tasks.get(job.taskId)?.projectId !== job.projectId) throw new Error(`Job ${job.id}: task ${job.taskId} does not exist in project ${job.projectId}.`);
    for (const dependency of job.dependencies) {
      if (!batch.has(dependency) && this.jobs.get(dependency) === undefined) {
        throw new Error(`Job ${job.id}: dependency ${dependency} does not exist.`);
      }
    }
  }
}

