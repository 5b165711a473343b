import * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import type { Job } from '../../domain/job.js';
import type { JobStatus } from '../../domain/job-status.js';
import { fail, release, type Failure, type Reporter } from '../../domain/job-transitions.js';
import { inject, injectable } from '../injection.js';
import { Clock } from '../ports/clock.port.js';
import { JobSignal } from '../ports/job-signal.port.js';
import { Store } from '../ports/store.port.js';
import { Coalescer } from './coalescer.js';
import { reportOnJob } from './report-on-job.js';
import { startsAndCompletions, type RunReport } from './starts-and-completions.js';

/**
 * What a worker reports about a job it claimed: started, completed, failed, or given back.
 * A reporter that no longer holds the job's lease is refused (LeaseLost).
 *
 * Starts and completions are the bulk of the traffic (two per job): those arriving together, from
 * any number of workers, share one transaction.
 */
@injectable()
export class ReportProgress {
  private readonly runReports: Coalescer<RunReport, E.Either<DomainError, JobStatus>>;

  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
    @inject(JobSignal) private readonly signal: JobSignal,
  ) {
    this.runReports = new Coalescer(async (reports) => {
      const applied = await startsAndCompletions(this.store, reports, this.clock.now());
      // A completion frees no one else's capacity: only dependents it made ready are news.
      for (const projectId of applied.projectsWithReadyJobs) this.signal.notify(projectId);
      return applied.results;
    });
  }

  /** The job's status after the start (RUNNING), or the refusal. */
  start(id: number, reporter: Reporter): Promise<E.Either<DomainError, JobStatus>> {
    return this.runReports.submit({ id, reporter, kind: 'start' });
  }

  /** The job's status after the completion (COMPLETED), or the refusal. */
  complete(id: number, reporter: Reporter): Promise<E.Either<DomainError, JobStatus>> {
    return this.runReports.submit({ id, reporter, kind: 'complete' });
  }

  /** Fails the job, or requeues it when its task retries on failure and attempts remain. */
  async fail(id: number, reporter: Reporter, failure: Failure): Promise<E.Either<DomainError, Job>> {
    const now = this.clock.now();
    return this.notifying(
      await reportOnJob(this.store, id, (job, task) => fail(job, reporter, failure, task?.retryOnFailure ?? false, now), now, true),
    );
  }

  /** Gives an unfinished job back to the queue without charging an attempt (worker shutdown). */
  async release(id: number, reporter: Reporter): Promise<E.Either<DomainError, Job>> {
    const now = this.clock.now();
    return this.notifying(await reportOnJob(this.store, id, (job) => release(job, reporter, now), now));
  }

  private notifying(result: E.Either<DomainError, Job>): E.Either<DomainError, Job> {
    if (E.isRight(result)) this.signal.notify(result.right.projectId);
    return result;
  }
}
