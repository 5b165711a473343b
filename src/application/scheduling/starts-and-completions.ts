import * as E from 'fp-ts/lib/Either.js';
import { jobNotFound, type DomainError } from '../../domain/errors.js';
import type { Job } from '../../domain/job.js';
import type { Reporter, TransitionError } from '../../domain/job-transitions.js';
import type { Store } from '../ports/store.port.js';

/** A worker's report that its job started or completed. */
export interface RunReport {
  readonly id: number;
  readonly reporter: Reporter;
  readonly transition: (job: Job, reporter: Reporter, now: Date) => E.Either<TransitionError, Job>;
}

/** What a batch of reports did: one result per report, in order. */
export interface AppliedReports {
  readonly results: E.Either<DomainError, Job>[];
  /** Projects where a completion made dependents ready: claimers there may have work. */
  readonly projectsWithReadyJobs: ReadonlySet<number>;
}

/**
 * Applies many reports in one transaction: the jobs are locked (in id order), each report is
 * applied in turn to its job's latest state, the changed jobs are saved in one statement and the
 * completed ones satisfy their dependents in another. A refused report (lease lost, cancelled in
 * the meantime) is that report's Left and does not stop the others.
 */
export const startsAndCompletions = async (store: Store, reports: readonly RunReport[], now: Date): Promise<AppliedReports> => {
  const applied = await store.transaction<never, AppliedReports>(async (tx) => {
    const locked = await tx.jobs.getManyForUpdate([...new Set(reports.map((report) => report.id))]);
    const before = new Map(locked.map((job) => [job.id, job]));
    const latest = new Map(before);
    const results = reports.map((report): E.Either<DomainError, Job> => {
      const job = latest.get(report.id);
      if (job === undefined) return E.left(jobNotFound(report.id));
      const next = report.transition(job, report.reporter, now);
      if (E.isRight(next)) latest.set(report.id, next.right);
      return next;
    });
    const changed = [...latest.values()].filter((job) => job !== before.get(job.id));
    await tx.jobs.saveProgress(changed);
    const completed = changed.filter((job) => job.status === 'COMPLETED' && before.get(job.id)!.status !== 'COMPLETED');
    const projectsWithReadyJobs = new Set<number>();
    for (const projectId of new Set(completed.map((job) => job.projectId))) {
      const ready = await tx.jobs.satisfyDependents(
        completed.filter((job) => job.projectId === projectId).map((job) => job.id),
        now,
      );
      if (ready > 0) projectsWithReadyJobs.add(projectId);
    }
    return E.right({ results, projectsWithReadyJobs });
  });
  // Refusals are per report: the transaction itself never answers Left.
  return E.isRight(applied) ? applied.right : applied.left;
};
