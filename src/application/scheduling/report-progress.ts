import * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import type { Job } from '../../domain/job.js';
import type { JobStatus } from '../../domain/job-status.js';
import { fail, release, type Failure, type Reporter } from '../../domain/job-transitions.js';
import { inject, injectable } from '../injection.js';
import { Clock } from '../ports/clock.port.js';
import { JobSignal } from '../ports/job-signal.port.js';
import { SchedulerEvents } from '../ports/scheduler-events.port.js';
import type { ClaimRequest } from '../ports/queue.port.js';
import { Store, type ClaimedJobs } from '../ports/store.port.js';
import { Coalescer } from './coalescer.js';
import { endedRun } from './ended-run.js';
import { reportOnJob, type SavedTransition } from './report-on-job.js';
import { startsAndCompletions, type JoinedClaim, type RunReport } from './starts-and-completions.js';

/** What the run reports' batches carry: reports, and the claims that join them. */
type BatchItem = { readonly report: RunReport } | { readonly claim: JoinedClaim };
type BatchResult = E.Either<DomainError, JobStatus> | ClaimedJobs | null;

/**
 * What a worker reports about a job it claimed: started, completed, failed, or given back.
 * A reporter that no longer holds the job's lease is refused (LeaseLost).
 *
 * Starts and completions are the bulk of the traffic (two per job): those arriving together, from
 * any number of workers, share one transaction; claims may join them (see `claimWithReports`).
 */
@injectable()
export class ReportProgress {
  private readonly runReports: Coalescer<BatchItem, BatchResult>;

  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
    @inject(JobSignal) private readonly signal: JobSignal,
    @inject(SchedulerEvents) private readonly events: SchedulerEvents,
  ) {
    this.runReports = new Coalescer(async (items) => {
      const reports = items.flatMap((item) => ('report' in item ? [item.report] : []));
      const claims = items.flatMap((item) => ('claim' in item ? [item.claim] : []));
      const applied = await startsAndCompletions(this.store, reports, claims, this.clock.now());
      // A completion frees no one else's capacity: only dependents it made ready are news, unless
      // the claims that joined the batch took them all.
      for (const projectId of applied.projectsWithReadyJobs) this.signal.notify(projectId);
      if (applied.endedRuns.length > 0) this.events.runsEnded(applied.endedRuns);
      // Each item's result is of the item's kind (the casts in the methods below rely on it).
      let report = 0;
      let claim = 0;
      return items.map((item): BatchResult => ('report' in item ? applied.results[report++]! : (applied.claimed[claim++] ?? null)));
    });
  }

  /** The job's status after the start (RUNNING), or the refusal. */
  start(id: number, reporter: Reporter): Promise<E.Either<DomainError, JobStatus>> {
    return this.runReports.submit({ report: { id, reporter, kind: 'start' } }) as Promise<E.Either<DomainError, JobStatus>>;
  }

  /** The job's status after the completion (COMPLETED), or the refusal. */
  complete(id: number, reporter: Reporter): Promise<E.Either<DomainError, JobStatus>> {
    return this.runReports.submit({ report: { id, reporter, kind: 'complete' } }) as Promise<E.Either<DomainError, JobStatus>>;
  }

  /**
   * A claim (as `Store.claim` answers it) that joins the batch of the starts and completions made
   * before it, in this turn or while a batch is under way: it runs in their transaction, after
   * them, so it may take the dependents their completions just made ready. ClaimJob's way in, for
   * its lease rules. Null when the batch made no job of the project ready (a claim made with no
   * report around it, say): the caller then claims on its own, after the batch committed.
   */
  claimWithReports(request: ClaimRequest, limit: number, countPending: boolean): Promise<ClaimedJobs | null> {
    return this.runReports.submit({ claim: { request, limit, countPending } }) as Promise<ClaimedJobs | null>;
  }

  /** Fails the job, or requeues it when its task retries on failure and attempts remain. */
  async fail(id: number, reporter: Reporter, failure: Failure): Promise<E.Either<DomainError, Job>> {
    const now = this.clock.now();
    const failed = await reportOnJob(this.store, id, (job, task) => fail(job, reporter, failure, task?.retryOnFailure ?? false, now), now, true);
    if (E.isRight(failed)) {
      const run = endedRun(failed.right.before, 'failed', now);
      if (run !== null) this.events.runsEnded([run]);
      if (failed.right.after.status === 'PENDING') this.events.jobRetried('failure');
    }
    return this.notifying(failed);
  }

  /** Gives an unfinished job back to the queue without charging an attempt (worker shutdown). */
  async release(id: number, reporter: Reporter): Promise<E.Either<DomainError, Job>> {
    const now = this.clock.now();
    return this.notifying(await reportOnJob(this.store, id, (job) => release(job, reporter, now), now));
  }

  private notifying(result: E.Either<DomainError, SavedTransition>): E.Either<DomainError, Job> {
    if (E.isLeft(result)) return result;
    this.signal.notify(result.right.after.projectId);
    return E.right(result.right.after);
  }
}
