import * as E from 'fp-ts/lib/Either.js';
import type { AdvancedJob, ClaimRequest, HeldRun, JobFilter, JobStore, NamedJob, StatusCounts } from '../../../application/ports/job-store.port.js';
import { reachable } from '../../../domain/graph.js';
import type { DependencyTarget, Job, NewJob } from '../../../domain/job.js';
import type { JobStatus } from '../../../domain/job-status.js';
import { claim, complete, start, type TransitionError } from '../../../domain/job-transitions.js';
import { remainingOffer } from '../../../domain/offer-packing.js';
import type { Requirements } from '../../../domain/resources.js';
import type { StatusChange } from '../../../domain/status-change.js';
import { frozenStatusChange } from './frozen-copies.js';
import type { MemoryTables } from './memory-tables.js';
import { ascending, pageOf } from './listing.js';
import type { UndoLog } from './undo-log.js';

type JobSelection = Omit<JobFilter, 'limit' | 'offset'>;

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
    return pageOf(this.matching(filter), filter);
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
    const wanted = new Set(names);
    return this.found(this.jobs.idsOfProject(projectId))
      .filter((job) => wanted.has(job.name))
      .map((job) => ({ id: job.id, name: job.name }));
  }

  async delete(ids: readonly number[]): Promise<void> {
    this.jobs.removeJobs(ids, this.log);
  }

  async ids(filter: JobSelection): Promise<number[]> {
    return this.matching(filter).map((job) => job.id);
  }

  async claimNext(request: ClaimRequest): Promise<Job | null> {
    const id = this.jobs.ready.first(request.projectId, request.offer);
    if (id === null) return null;
    const claimed = claim(this.jobs.get(id)!, request.claimant, request.now);
    if (E.isLeft(claimed)) throw new Error(`The claim index is out of step with job ${id}: ${claimed.left.message}`);
    return this.jobs.save(claimed.right, this.log);
  }

  /** Claims one job at a time, each from what the ones before left of the offer (or from all of it, with `fit: 'each'`). */
  async claimMany(request: ClaimRequest, limit: number): Promise<Job[]> {
    const claimed: Job[] = [];
    let offer = request.offer;
    while (claimed.length < limit) {
      const job = await this.claimNext({ ...request, offer });
      if (job === null) break;
      claimed.push(job);
      if (request.fit !== 'each') offer = remainingOffer(offer, job.requirements);
    }
    return claimed;
  }

  async saveProgress(jobs: readonly Job[]): Promise<void> {
    return this.updateMany(
      jobs.map((job) => {
        const stored = this.jobs.get(job.id);
        if (stored === undefined) throw new Error(`Cannot update jobs ${job.id}: they do not exist.`);
        const { status, attempts, lease, exitCode, failureReason, updatedAt, startedAt, finishedAt } = job;
        return { ...stored, status, attempts, lease, exitCode, failureReason, updatedAt, startedAt, finishedAt };
      }),
    );
  }

  /** The domain's own transitions, one save per job (so one status change, as on the SQL stores). */
  async advanceHeld(runs: readonly HeldRun[], now: Date): Promise<AdvancedJob[]> {
    const advanced: AdvancedJob[] = [];
    for (const run of runs) {
      const stored = this.jobs.get(run.id);
      if (stored === undefined) continue;
      let next: E.Either<TransitionError, Job> = E.right(stored);
      if (run.start) next = E.chain((job: Job) => start(job, run.owner, now))(next);
      if (run.complete) next = E.chain((job: Job) => complete(job, run.owner, now))(next);
      if (E.isLeft(next) || (!run.start && !run.complete)) continue;
      this.jobs.save(next.right, this.log);
      advanced.push({ id: run.id, projectId: stored.projectId });
    }
    return advanced.sort((a, b) => a.id - b.id);
  }

  async countPending(projectId: number): Promise<number> {
    return this.jobs.pendingIdsOf(projectId).size;
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

  async satisfyDependents(ids: readonly number[], now: Date): Promise<number> {
    const ready = new Set<number>();
    for (const id of new Set(ids)) {
      for (const dependentId of [...this.jobs.dependentsOf(id)]) {
        const job = this.jobs.get(dependentId)!;
        const saved = this.jobs.save({ ...job, unmetDependencies: Math.max(0, job.unmetDependencies - 1), updatedAt: now }, this.log);
        if (saved.status === 'PENDING' && saved.unmetDependencies === 0) ready.add(dependentId);
      }
    }
    return ready.size;
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

  async lockExpiredLeases(now: Date, limit: number): Promise<Job[]> {
    return this.jobs.leases.expired(now, limit).map((id) => this.jobs.get(id)!);
  }

  async renewLeases(owner: string, expiresAt: Date, now: Date): Promise<number[]> {
    const held = this.jobs.leases.heldBy(owner);
    for (const id of held) {
      const job = this.jobs.get(id)!;
      // A claim taken without a lease never expires; a heartbeat must not give it an expiry.
      if (job.lease?.expiresAt == null) continue;
      this.jobs.save({ ...job, lease: { owner, expiresAt }, updatedAt: now }, this.log);
    }
    return held;
  }

  async applyTaskTerms(taskId: number, requirements: Requirements, maxAttempts: number, now: Date): Promise<void> {
    for (const id of [...this.jobs.idsOfTask(taskId)]) {
      const job = this.jobs.get(id)!;
      if (job.status !== 'PENDING' && job.status !== 'BLOCKED') continue;
      this.jobs.save({ ...job, requirements, maxAttempts, updatedAt: now }, this.log);
    }
  }

  async countByTaskAndStatus(projectId: number): Promise<StatusCounts[]> {
    const counts = new Map<string, { taskId: number; status: JobStatus; count: number }>();
    for (const id of this.jobs.idsOfProject(projectId)) {
      const job = this.jobs.get(id)!;
      const key = `${job.taskId}:${job.status}`;
      const entry = counts.get(key);
      if (entry === undefined) counts.set(key, { taskId: job.taskId, status: job.status, count: 1 });
      else entry.count += 1;
    }
    return [...counts.values()].sort((a, b) => a.taskId - b.taskId || (a.status < b.status ? -1 : a.status > b.status ? 1 : 0));
  }

  async history(jobId: number): Promise<StatusChange[] | null> {
    if (this.jobs.get(jobId) === undefined) return null;
    return this.jobs.history.of(jobId).map(frozenStatusChange);
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

