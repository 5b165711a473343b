import type * as E from 'fp-ts/lib/Either.js';
import type { DomainError, ProjectNotFound } from '../../domain/errors.js';
import type { JobStatus } from '../../domain/job-status.js';
import { inject, injectable } from '../injection.js';
import { ClaimJob, type Claim, type ClaimOptions } from './claim-job.js';
import { ReportProgress } from './report-progress.js';

/** A start or completion a worker reports on a job it holds. */
export interface RunReportRequest {
  readonly jobId: number;
  readonly action: 'start' | 'complete';
}

export interface ReportsAndClaim {
  /** One per report, in order: the job's status after it, or the refusal. */
  readonly results: E.Either<DomainError, JobStatus>[];
  readonly claim: E.Either<ProjectNotFound, Claim>;
}

/**
 * A worker's starts and completions, and its next claim, in one step: the reports apply first (in
 * one transaction with those of other workers, refusals per report), then the claim joins that
 * transaction when it made jobs of the project ready (else it follows the commit), as ClaimJob
 * with the lease rules of any claim (`owner` is the lease holder). So a
 * completion that makes a dependent ready may hand it to the same worker at once, if it comes
 * first in claim order. A claim that finds nothing may then wait, as a long poll does.
 */
@injectable()
export class ReportAndClaim {
  constructor(
    @inject(ReportProgress) private readonly reports: ReportProgress,
    @inject(ClaimJob) private readonly claims: ClaimJob,
  ) {}

  async execute(owner: string, reports: readonly RunReportRequest[], claim: Omit<ClaimOptions, 'owner' | 'lease' | 'withReports'>): Promise<ReportsAndClaim> {
    // Both made in this turn, reports first: the claim joins their batch, after them.
    const results = Promise.all(reports.map((report) => this.reports[report.action](report.jobId, owner)));
    const claimed = this.claims.execute({ ...claim, owner, lease: true, withReports: true });
    const [applied, next] = await Promise.all([results, claimed]);
    return { results: applied, claim: next };
  }
}
