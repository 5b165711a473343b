import * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import type { Job } from '../../domain/job.js';
import type { JobStatus } from '../../domain/job-status.js';
import type { Failure } from '../../domain/job-transitions.js';
import type { Offer } from '../../domain/resources.js';
import type { WorkerIdentity } from '../../domain/worker.js';
import type { ClaimedJob, JobSource, WantedJobs } from '../../application/ports/job-source.port.js';
import type { UseCases } from '../../application/use-cases.js';

/** Unexpected Lefts (an unknown project or worker) are faults for a worker: it cannot go on. */
const orThrow = <A>(result: E.Either<DomainError, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

const statusOf = E.map((job: Job): JobStatus => job.status);

/** A worker's job source that calls the use cases directly: the embedded case. */
export class InProcessJobSource implements JobSource {
  constructor(
    private readonly useCases: Pick<UseCases, 'claimJob' | 'reportProgress' | 'registerWorker' | 'workerHeartbeat' | 'updateWorker'>,
    private readonly projectId: number,
    private readonly workerId: string,
  ) {}

  async register(identity: WorkerIdentity): Promise<void> {
    orThrow(await this.useCases.registerWorker.execute({ ...identity, id: this.workerId }));
  }

  async claim({ offer, limit, fit }: WantedJobs, waitMs: number, abort?: AbortSignal): Promise<readonly ClaimedJob[]> {
    const claim = orThrow(
      await this.useCases.claimJob.execute({
        projectId: this.projectId,
        offer,
        owner: this.workerId,
        lease: true,
        waitMs,
        countPending: false,
        limit,
        fit,
        ...(abort ? { abort } : {}),
      }),
    );
    return claim.claimed;
  }

  /** The use case is called in this turn, so its claim joins the reports the worker just made. */
  async claimWithReports({ offer, limit, fit }: WantedJobs): Promise<readonly ClaimedJob[]> {
    const claim = await this.useCases.claimJob.execute({
      projectId: this.projectId,
      offer,
      owner: this.workerId,
      lease: true,
      waitMs: 0,
      countPending: false,
      limit,
      fit,
      withReports: true,
    });
    return orThrow(claim).claimed;
  }

  // Not async: the use case's promise as it is, without a second one around it (two per job).
  start(jobId: number): Promise<E.Either<DomainError, JobStatus>> {
    return this.useCases.reportProgress.start(jobId, this.workerId);
  }

  complete(jobId: number): Promise<E.Either<DomainError, JobStatus>> {
    return this.useCases.reportProgress.complete(jobId, this.workerId);
  }

  async fail(jobId: number, failure: Failure): Promise<E.Either<DomainError, JobStatus>> {
    return statusOf(await this.useCases.reportProgress.fail(jobId, this.workerId, failure));
  }

  async release(jobId: number): Promise<E.Either<DomainError, JobStatus>> {
    return statusOf(await this.useCases.reportProgress.release(jobId, this.workerId));
  }

  async heartbeat(): Promise<readonly number[]> {
    return orThrow(await this.useCases.workerHeartbeat.execute(this.workerId)).heldJobIds;
  }

  async deactivate(): Promise<void> {
    orThrow(await this.useCases.updateWorker.deactivate(this.workerId));
  }
}
