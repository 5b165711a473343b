import * as E from 'fp-ts/lib/Either.js';
import { jobNotFound, type DomainError } from '../../domain/errors.js';
import type { JobStatus } from '../../domain/job-status.js';
import { complete, start, type Reporter } from '../../domain/job-transitions.js';
import type { ClaimRequest, LeasedRun } from '../ports/queue.port.js';
import type { EndedRun } from '../ports/scheduler-events.port.js';
import type { ClaimedJobs, Store } from '../ports/store.port.js';
import { claimWithin } from './claim-within.js';

/** A worker's report that its job started or completed. */
export interface RunReport {
  readonly id: number;
  readonly reporter: Reporter;
  readonly kind: 'start' | 'complete';
}

/** A claim that joins a batch of reports: made in their transaction, after them. */
export interface JoinedClaim {
  readonly request: ClaimRequest;
  readonly limit: number;
  readonly countPending: boolean;
}

/** What a batch of reports did: one result per report, in order (the job's status after it). */
export interface AppliedReports {
  readonly results: E.Either<DomainError, JobStatus>[];
  /**
   * One answer per joined claim, in order; null for a claim whose project had no job made ready
   * by the batch: it claims on its own once the batch committed, as any claim does.
   */
  readonly claimed: (ClaimedJobs | null)[];
  /** Projects where a completion made dependents ready that no joined claim took: claimers there may have work. */
  readonly projectsWithReadyJobs: ReadonlySet<number>;
  /** The runs the batch completed. */
  readonly endedRuns: readonly EndedRun[];
}

/** A completed run, from when it started until `now`. */
const completedRun = (taskId: number, startedAt: Date | null, now: Date): EndedRun => ({
  taskId,
  outcome: 'completed',
  seconds: startedAt === null ? 0 : Math.max(0, now.getTime() - startedAt.getTime()) / 1000,
});

const TRANSITIONS = { start, complete } as const;
const STATUS_AFTER: Record<RunReport['kind'], JobStatus> = { start: 'RUNNING', complete: 'COMPLETED' };

/** Where a job's reports in a batch stand: the happy path's shapes, or any other (null). */
interface RunSoFar {
  readonly owner: string;
  start: boolean;
  complete: boolean;
}

/**
 * Each job's reports as one run of its lease holder, when they take the happy path's shape: one
 * reporter, and a start, a completion, or a start then a completion.
 */
const leasedRuns = (reports: readonly RunReport[]): LeasedRun[] => {
  const byJob = new Map<number, RunSoFar | null>();
  for (const { id, reporter, kind } of reports) {
    const run = byJob.get(id);
    if (run === undefined) {
      byJob.set(id, reporter === null ? null : { owner: reporter, start: kind === 'start', complete: kind === 'complete' });
    } else if (run !== null) {
      // Only a completion may follow, once, a start by the same reporter.
      const follows = kind === 'complete' && run.start && !run.complete && reporter === run.owner;
      if (follows) run.complete = true;
      else byJob.set(id, null);
    }
  }
  const runs: LeasedRun[] = [];
  for (const [id, run] of byJob) if (run !== null) runs.push({ id, owner: run.owner, start: run.start, complete: run.complete });
  return runs;
};

/**
 * Applies many reports in one transaction. The happy path (lease holders reporting what their
 * jobs' states expect) is one statement that reads nothing back. The rest — refusals to explain
 * (lease lost, cancelled in the meantime), anonymous reporters, odd orders — go the careful way:
 * their jobs are locked (in id order), each report is applied in turn to its job's latest state,
 * and the changed jobs are saved in one statement. A refused report is that report's Left and
 * does not stop the others. Completions then satisfy their dependents. Joined claims of a project
 * where the batch made jobs ready come last, in the same transaction: a dependent a completion
 * just made ready is claimable by them before any commit, so one commit carries a job's outcome
 * and the next job's claim (a DAG's critical path pays one commit per job, not two). They take
 * jobs in claim order as any claim does. Jobs whose retention is `remove_on_complete` go before.
 */
export const startsAndCompletions = async (
  store: Store,
  reports: readonly RunReport[],
  claims: readonly JoinedClaim[],
  now: Date,
): Promise<AppliedReports> => {
  const applied = await store.transaction<never, AppliedReports>(async (tx) => {
    const runs = leasedRuns(reports);
    const advanced = await tx.queue.advanceLeasedRuns(runs, now);
    const advancedIds = new Set(advanced.map((job) => job.id));
    // Completed jobs, by id, with their project: their dependents are satisfied at the end (looked
    // for then, in a statement of its own: a dependent submitted meanwhile has committed); and those
    // their retention removes then. A batch where none awaits removal skips that statement.
    const completedBy = new Map<number, number>();
    const removing: number[] = [];
    const endedRuns: EndedRun[] = [];
    const completes = new Set(runs.filter((run) => run.complete).map((run) => run.id));
    for (const job of advanced) {
      if (!completes.has(job.id)) continue;
      endedRuns.push(completedRun(job.taskId, job.startedAt, now));
      completedBy.set(job.id, job.projectId);
      if (job.awaitsRemoval) removing.push(job.id);
    }

    const rest = reports.filter((report) => !advancedIds.has(report.id));
    const locked = await tx.jobs.getManyForUpdate([...new Set(rest.map((report) => report.id))]);
    const before = new Map(locked.map((job) => [job.id, job]));
    const latest = new Map(before);
    const results = reports.map((report): E.Either<DomainError, JobStatus> => {
      if (advancedIds.has(report.id)) return E.right(STATUS_AFTER[report.kind]);
      const job = latest.get(report.id);
      if (job === undefined) return E.left(jobNotFound(report.id));
      const next = TRANSITIONS[report.kind](job, report.reporter, now);
      if (E.isLeft(next)) return next;
      latest.set(report.id, next.right);
      return E.right(next.right.status);
    });
    const changed = [...latest.values()].filter((job) => job !== before.get(job.id));
    await tx.queue.saveProgress(changed);
    for (const job of changed) {
      if (job.status !== 'COMPLETED' || before.get(job.id)!.status === 'COMPLETED') continue;
      endedRuns.push(completedRun(job.taskId, job.startedAt, now));
      completedBy.set(job.id, job.projectId);
      // The retention is not known here: removeOnComplete looks.
      removing.push(job.id);
    }

    // Jobs made ready, by project, until a joined claim takes them.
    const readyUnclaimed = new Map<number, Set<number>>();
    for (const projectId of new Set(completedBy.values())) {
      const ready = await tx.jobs.satisfyDependents(
        [...completedBy].filter(([, of]) => of === projectId).map(([id]) => id),
        now,
      );
      if (ready.length > 0) readyUnclaimed.set(projectId, new Set(ready));
    }
    if (removing.length > 0) await tx.jobs.removeOnComplete(removing);
    const claimed: (ClaimedJobs | null)[] = [];
    for (const claim of claims) {
      // Where nothing became ready, claiming here would only keep the batch's locks and every
      // other report waiting on this one transaction: the claim goes out on its own, in parallel.
      if ((readyUnclaimed.get(claim.request.projectId)?.size ?? 0) === 0) {
        claimed.push(null);
        continue;
      }
      const answer = await claimWithin(tx, claim.request, claim.limit, claim.countPending);
      for (const { job } of answer.claimed) readyUnclaimed.get(job.projectId)?.delete(job.id);
      claimed.push(answer);
    }
    const projectsWithReadyJobs = new Set([...readyUnclaimed].filter(([, ready]) => ready.size > 0).map(([projectId]) => projectId));
    return E.right({ results, claimed, projectsWithReadyJobs, endedRuns });
  });
  // Refusals are per report: the transaction itself never answers Left.
  return E.isRight(applied) ? applied.right : applied.left;
};
