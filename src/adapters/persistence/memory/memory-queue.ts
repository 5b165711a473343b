import * as E from 'fp-ts/lib/Either.js';
import type {
  AdvancedRun,
  ClaimRequest,
  HeldResources,
  LeasedRun,
  NamedStatusCounts,
  Queue,
  StatusCounts,
} from '../../../application/ports/queue.port.js';
import type { Job } from '../../../domain/job.js';
import { claim, complete, start, type TransitionError } from '../../../domain/job-transitions.js';
import { remainingOffer } from '../../../domain/offer-packing.js';
import { retentionOfJob } from './job-retention.js';
import type { MemoryTables } from './memory-tables.js';
import type { UndoLog } from './undo-log.js';

/** The queue in process memory: the domain's own transitions on the job table and its indexes. */
export class MemoryQueue implements Queue {
  constructor(
    private readonly tables: MemoryTables,
    private readonly log: UndoLog,
  ) {}

  private get jobs() {
    return this.tables.jobs;
  }

  /** Claims one job at a time, each from what the ones before left of the offer (or from all of it, with `fit: 'each'`). */
  async claim(request: ClaimRequest, limit: number): Promise<Job[]> {
    const claimed: Job[] = [];
    let offer = request.offer;
    while (claimed.length < limit) {
      const job = this.claimFirst({ ...request, offer });
      if (job === null) break;
      claimed.push(job);
      if (request.fit !== 'each') offer = remainingOffer(offer, job.requirements);
    }
    return claimed;
  }

  async countPending(projectId: number): Promise<number> {
    return this.jobs.pendingIdsOf(projectId).size;
  }

  async countByTaskAndStatus(projectId: number): Promise<StatusCounts[]> {
    return this.jobs.counts.of(projectId);
  }

  async countAllByTaskAndStatus(): Promise<NamedStatusCounts[]> {
    return this.jobs.counts.all().flatMap(({ projectId, counts }) => {
      const project = this.tables.projects.get(projectId);
      if (project === undefined) return [];
      return counts.flatMap((count) => {
        const task = this.tables.tasks.get(count.taskId);
        return task === undefined ? [] : [{ ...count, projectId, projectName: project.name, taskName: task.name }];
      });
    });
  }

  async heldBy(owners: readonly string[]): Promise<HeldResources[]> {
    return [...new Set(owners)].sort().flatMap((owner) => {
      const held = this.jobs.leases.heldBy(owner).map((id) => this.jobs.get(id)!.requirements);
      if (held.length === 0) return [];
      const requirements = held.reduce((sum, need) => ({ cpu: sum.cpu + need.cpu, accelerators: sum.accelerators + need.accelerators, memoryMb: sum.memoryMb + need.memoryMb }));
      return [{ owner, jobs: held.length, requirements }];
    });
  }

  /** The domain's own transitions, one save per job (so one status change, as on the SQL stores). */
  async advanceLeasedRuns(runs: readonly LeasedRun[], now: Date): Promise<AdvancedRun[]> {
    const advanced: AdvancedRun[] = [];
    for (const run of runs) {
      const stored = this.jobs.get(run.id);
      if (stored === undefined) continue;
      let next: E.Either<TransitionError, Job> = E.right(stored);
      if (run.start) next = E.chain((job: Job) => start(job, run.owner, now))(next);
      if (run.complete) next = E.chain((job: Job) => complete(job, run.owner, now))(next);
      if (E.isLeft(next) || (!run.start && !run.complete)) continue;
      this.jobs.save(next.right, this.log);
      advanced.push({
        id: run.id,
        projectId: stored.projectId,
        taskId: stored.taskId,
        startedAt: next.right.startedAt,
        awaitsRemoval: run.complete && retentionOfJob(this.tables, stored)._tag === 'RemoveOnComplete',
      });
    }
    return advanced.sort((a, b) => a.id - b.id);
  }

  async saveProgress(jobs: readonly Job[]): Promise<void> {
    const missing = jobs.filter((job) => this.jobs.get(job.id) === undefined).map((job) => job.id);
    if (missing.length > 0) throw new Error(`Cannot update jobs ${missing.join(', ')}: they do not exist.`);
    for (const job of jobs) {
      const { status, attempts, lease, exitCode, failureReason, updatedAt, startedAt, finishedAt } = job;
      this.jobs.save({ ...this.jobs.get(job.id)!, status, attempts, lease, exitCode, failureReason, updatedAt, startedAt, finishedAt }, this.log);
    }
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

  async lockExpiredLeases(now: Date, limit: number): Promise<Job[]> {
    return this.jobs.leases.expired(now, limit).map((id) => this.jobs.get(id)!);
  }

  /** The first ready job that fits the offer, claimed. */
  private claimFirst(request: ClaimRequest): Job | null {
    const id = this.jobs.ready.first(request.projectId, request.offer);
    if (id === null) return null;
    const claimed = claim(this.jobs.get(id)!, request.claimant, request.now);
    if (E.isLeft(claimed)) throw new Error(`The claim index is out of step with job ${id}: ${claimed.left.message}`);
    return this.jobs.save(claimed.right, this.log);
  }
}
