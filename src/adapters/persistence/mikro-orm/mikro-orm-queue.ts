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
import { packInOrder, remainingOffer } from '../../../domain/offer-packing.js';
import { claimAvailable, type AvailableClaim } from './sql/job-claim-available.js';
import { claimChosen } from './sql/job-claim-chosen.js';
import { countAllByTaskAndStatus } from './sql/job-count-all-by-task-and-status.js';
import { countByTaskAndStatus } from './sql/job-count-by-task-and-status.js';
import { countPending } from './sql/job-count-pending.js';
import { heldByOwners } from './sql/job-held-by-owners.js';
import { lockExpiredLeases } from './sql/job-lock-expired-leases.js';
import { lockReadyFitting } from './sql/job-lock-ready-fitting.js';
import { renewLeases } from './sql/job-renew-leases.js';
import { reportRuns } from './sql/job-report-runs.js';
import { saveProgress } from './sql/job-save-progress.js';
import { TaskSightings } from './task-sightings.js';
import type { TransactionSql } from './transaction-sql.js';

/**
 * The queue on PostgreSQL (server or PGlite): each method runs the statement of sql/ that applies
 * its domain transition, on the caller's transaction.
 */
export class MikroOrmQueue implements Queue {
  constructor(
    private readonly sql: TransactionSql,
    private readonly tasksSeen: TaskSightings = new TaskSightings(),
  ) {}

  /**
   * Jobs that each fit the offer take one statement. Jobs that must fit together take two or more:
   * lock up to `limit` ready jobs that each fit the offer, pack them, and while fewer than `limit`
   * fit, lock the next ones in claim order that fit what is left, as `packInOrder` would pass over
   * the ready jobs; then claim the chosen ones. The rest stay PENDING; their locks go at commit.
   */
  async claim(request: ClaimRequest, limit: number): Promise<Job[]> {
    if (limit <= 0) return [];
    if (limit === 1 || request.fit === 'each') return (await claimAvailable(this.sql, this.tasksSeen, request, limit, false)).jobs;
    const chosen: number[] = [];
    let left = request.offer;
    let after: { priority: number; id: number } | null = null;
    while (chosen.length < limit) {
      const wanted = limit - chosen.length;
      const page = await lockReadyFitting(this.sql, request.projectId, left, after, wanted);
      // Each page's first job fits what is left, so every page but an empty one chooses one at least.
      for (const candidate of packInOrder(page, left, wanted)) {
        chosen.push(candidate.id);
        left = remainingOffer(left, candidate.requirements);
      }
      if (page.length < wanted) break;
      after = page.at(-1)!;
    }
    if (chosen.length === 0) return [];
    return claimChosen(this.sql, this.tasksSeen, request, chosen);
  }

  /** `Store.claim` of jobs that each fit (or of one job) as one statement, outside any transaction. */
  claimInOneStatement(request: ClaimRequest, limit: number, countPending: boolean): Promise<AvailableClaim> {
    return claimAvailable(this.sql, this.tasksSeen, request, limit, countPending);
  }

  countPending(projectId: number): Promise<number> {
    return countPending(this.sql, projectId);
  }

  countByTaskAndStatus(projectId: number): Promise<StatusCounts[]> {
    return countByTaskAndStatus(this.sql, projectId);
  }

  countAllByTaskAndStatus(): Promise<NamedStatusCounts[]> {
    return countAllByTaskAndStatus(this.sql);
  }

  heldBy(owners: readonly string[]): Promise<HeldResources[]> {
    return heldByOwners(this.sql, owners);
  }

  advanceLeasedRuns(runs: readonly LeasedRun[], now: Date): Promise<AdvancedRun[]> {
    return reportRuns(this.sql, runs, now);
  }

  saveProgress(jobs: readonly Job[]): Promise<void> {
    return saveProgress(this.sql, jobs);
  }

  renewLeases(owner: string, expiresAt: Date, now: Date): Promise<number[]> {
    return renewLeases(this.sql, owner, expiresAt, now);
  }

  lockExpiredLeases(now: Date, limit: number): Promise<Job[]> {
    return lockExpiredLeases(this.sql, now, limit);
  }
}
