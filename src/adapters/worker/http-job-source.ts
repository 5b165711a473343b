import * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import type { JobStatus } from '../../domain/job-status.js';
import type { Failure } from '../../domain/job-transitions.js';
import type { WorkerIdentity } from '../../domain/worker.js';
import { Coalescer } from '../../application/scheduling/coalescer.js';
import type { ClaimedJob, JobSource, WantedJobs } from '../../application/ports/job-source.port.js';
import type { ClaimView, WhatsNextClient } from '../client/whatsnext-client.js';
import type { ClaimWithReports } from '../client/client-inputs.js';
import { refusalOf } from './report-refusal.js';
import { claimedJobOf, statusOf } from './wire-to-domain.js';

/** The most jobs one claim may ask the server for. */
const MAX_CLAIM_LIMIT = 1_000;
/** The server's longest long-poll, in seconds. */
const MAX_WAIT_SECONDS = 300;
/** An offer without a limit in some dimension, as an exact count. */
const NO_LIMIT = 2 ** 31 - 1;

type Action = 'start' | 'complete' | 'fail' | 'release';

interface RunReport {
  readonly jobId: number;
  readonly action: 'start' | 'complete';
}

/** What the run reports' requests carry: reports, and claims that ride with them. */
type Outgoing = { readonly report: RunReport } | { readonly claim: WantedJobs };
/** A claim's answer in a batch of reports: its jobs, or the fault that stopped it (that claim's alone). */
type ClaimAnswer = { readonly _tag: 'Claimed'; readonly jobs: readonly ClaimedJob[] } | { readonly _tag: 'ClaimFailed'; readonly error: unknown };
type Answered = E.Either<DomainError, JobStatus> | ClaimAnswer;

interface ReportInFlight {
  readonly answer: Promise<unknown>;
  /** Handed to the run reports' coalescer when made: what comes after it there goes out after it. */
  readonly coalesced: boolean;
}

const isRunReport = (action: Action): action is RunReport['action'] => action === 'start' || action === 'complete';

const aborted = (signal: AbortSignal): { promise: Promise<'aborted'>; dispose: () => void } => {
  let dispose = () => {};
  const promise = new Promise<'aborted'>((resolve) => {
    const onAbort = () => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    dispose = () => signal.removeEventListener('abort', onAbort);
  });
  return { promise, dispose };
};

/**
 * A worker's job source on a remote WhatsNext server, through the HTTP SDK: leased claims (the
 * worker's id as `client_id`, exact offers, long polls), reports as the lease holder, heartbeats.
 * Refused reports are Left (LeaseLost, IllegalTransition, JobNotFound); an unreachable server
 * throws, so the worker retries.
 */
export class HttpJobSource implements JobSource {
  /** Claims the worker stopped waiting for; a job they bring back is released at once. */
  private readonly lateClaims = new Set<Promise<void>>();
  private readonly reportsInFlight = new Map<number, ReportInFlight>();
  /** Starts and completions made together go out in one request, with a claim made among them. */
  private readonly runReports = new Coalescer<Outgoing, Answered>((items) => this.sendRunReports(items), 500);
  /** Until a server answers a claim sent with reports without its `claim` (it lacks the extension). */
  private claimsRideAlong = true;

  constructor(
    private readonly client: WhatsNextClient,
    private readonly projectId: number,
    readonly workerId: string,
  ) {}

  async register(identity: WorkerIdentity): Promise<void> {
    const registered = await this.client.registerClient({
      id: this.workerId,
      name: identity.name,
      entity: identity.entity,
      description: identity.description,
      available_cpu: identity.resources.cpu,
      available_accelerators: identity.resources.accelerators,
      available_memory_mb: identity.resources.memoryMb,
    });
    if (E.isLeft(registered)) throw new Error(`cannot register worker '${this.workerId}': ${registered.left.message}`);
  }

  /** One `fetch_job` request, with `limit` and `fit` when more than one job is wanted. */
  async claim(wanted: WantedJobs, waitMs: number, abort?: AbortSignal): Promise<readonly ClaimedJob[]> {
    if (abort?.aborted) return [];
    const answer = this.fetch(wanted, waitMs);
    if (abort === undefined) return answer;
    // The SDK cannot cancel a request: when the worker stops waiting, the server may still hand
    // this claim jobs, which go straight back to the queue.
    const stop = aborted(abort);
    const first = await Promise.race([answer, stop.promise]).finally(stop.dispose);
    if (first !== 'aborted') return first;
    const late: Promise<void> = answer
      .then(async (claimed) => void (await Promise.all(claimed.map(({ job }) => this.release(job.id)))))
      .catch(() => {})
      .finally(() => this.lateClaims.delete(late));
    this.lateClaims.add(late);
    return [];
  }

  private async fetch({ offer, limit, fit }: WantedJobs, waitMs: number): Promise<readonly ClaimedJob[]> {
    const answer = await this.client.fetchJob(this.projectId, {
      clientId: this.workerId,
      exact: true,
      cpu: offer.cpu ?? NO_LIMIT,
      accelerators: offer.accelerators ?? NO_LIMIT,
      ...(offer.memoryMb === null ? {} : { memoryMb: offer.memoryMb }),
      waitSeconds: Math.min(Math.max(waitMs, 0) / 1000, MAX_WAIT_SECONDS),
      ...(limit > 1 ? { limit: Math.min(limit, MAX_CLAIM_LIMIT), fit } : {}),
    });
    if (E.isLeft(answer)) throw new Error(`claim failed: ${answer.left.message}`);
    return this.claimedOf(answer.right);
  }

  /** A claim the server answered, each job with its task. */
  private async claimedOf({ job, task, more }: ClaimView): Promise<readonly ClaimedJob[]> {
    if (job === null) return [];
    // A server that sends no task with the claim (no lease support) is asked for it.
    const taskWire = task ?? E.getOrElseW(() => null)(await this.client.getTask(job.task_id));
    if (taskWire === null) throw new Error(`claimed job ${job.id} but cannot read its task ${job.task_id}`);
    return [claimedJobOf(job, taskWire), ...more.map((other) => claimedJobOf(other.job, other.task))];
  }

  /**
   * Rides with the run reports' next request (`POST /jobs/reports` with `claim`); alone, or on a
   * server without the extension, it is a `fetch_job` that does not wait.
   */
  async claimWithReports(wanted: WantedJobs): Promise<readonly ClaimedJob[]> {
    const answer = (await this.runReports.submit({ claim: wanted })) as ClaimAnswer;
    if (answer._tag === 'ClaimFailed') throw answer.error;
    return answer.jobs;
  }

  start(jobId: number): Promise<E.Either<DomainError, JobStatus>> {
    return this.report(jobId, 'start', {});
  }

  complete(jobId: number): Promise<E.Either<DomainError, JobStatus>> {
    return this.report(jobId, 'complete', {});
  }

  fail(jobId: number, failure: Failure): Promise<E.Either<DomainError, JobStatus>> {
    return this.report(jobId, 'fail', { reason: failure.reason, exit_code: failure.exitCode });
  }

  release(jobId: number): Promise<E.Either<DomainError, JobStatus>> {
    return this.report(jobId, 'release', {});
  }

  /**
   * Reports on one job go out in the order made (a start before its outcome). A start or a
   * completion goes straight to the run reports' coalescer when nothing but such reports is in
   * flight for the job: the coalescer sends its batches one after the other, in order, so a job's
   * start and completion made together share one request (the server applies them as one run).
   * Any other report waits for the answer to the one before it.
   */
  private report(jobId: number, action: Action, extra: { reason?: string; exit_code?: number | null }): Promise<E.Either<DomainError, JobStatus>> {
    const previous = this.reportsInFlight.get(jobId);
    const coalesced = isRunReport(action) && (previous === undefined || previous.coalesced);
    const sent = coalesced
      ? (this.runReports.submit({ report: { jobId, action } }) as Promise<E.Either<DomainError, JobStatus>>)
      : (previous?.answer ?? Promise.resolve()).catch(() => undefined).then(() => this.send(jobId, action, extra));
    const entry = { answer: sent, coalesced };
    this.reportsInFlight.set(jobId, entry);
    const forget = () => {
      if (this.reportsInFlight.get(jobId) === entry) this.reportsInFlight.delete(jobId);
    };
    sent.then(forget, forget);
    return sent;
  }

  private async send(jobId: number, action: Action, extra: { reason?: string; exit_code?: number | null }): Promise<E.Either<DomainError, JobStatus>> {
    if (isRunReport(action)) return this.runReports.submit({ report: { jobId, action } }) as Promise<E.Either<DomainError, JobStatus>>;
    const answer = await this.client.report(jobId, action, { client_id: this.workerId, ...extra });
    return E.isRight(answer) ? E.right(statusOf(answer.right.status)) : refusalOf(this.client, answer.left, jobId, this.workerId, action);
  }

  /**
   * One request for a batch's reports, with its first claim riding along: the server claims after
   * applying them. A claim without reports, any further claim of the batch, and every claim once
   * the server showed it lacks the extension, goes out as a `fetch_job` after the reports' answer.
   * Each item's answer is of the item's kind (the casts above rely on it).
   */
  private async sendRunReports(items: readonly Outgoing[]): Promise<Answered[]> {
    const reports = items.flatMap((item) => ('report' in item ? [item.report] : []));
    const claims = items.flatMap((item) => ('claim' in item ? [item.claim] : []));
    const riding = reports.length > 0 && this.claimsRideAlong ? claims[0] : undefined;
    const claimed = new Map<WantedJobs, Promise<ClaimAnswer>>();
    let outcomes: E.Either<DomainError, JobStatus>[] = [];
    if (reports.length > 0) {
      const answer = await this.client.reportMany(this.workerId, reports, riding === undefined ? undefined : this.claimOf(riding));
      if (E.isLeft(answer)) throw new Error(`reports failed: ${answer.left.message}`);
      outcomes = await Promise.all(
        answer.right.results.map(async (outcome, index) => {
          const { jobId, action } = reports[index]!;
          return E.isRight(outcome) ? E.right(statusOf(outcome.right.status)) : refusalOf(this.client, outcome.left, jobId, this.workerId, action);
        }),
      );
      if (riding !== undefined && answer.right.claim === null) this.claimsRideAlong = false;
      else if (riding !== undefined) claimed.set(riding, this.claimAnswerOf(answer.right.claim!));
    }
    for (const claim of claims) if (!claimed.has(claim)) claimed.set(claim, this.fetchAnswer(claim));
    let report = 0;
    return Promise.all(items.map((item) => ('report' in item ? outcomes[report++]! : claimed.get(item.claim)!)));
  }

  private claimOf({ offer, limit, fit }: WantedJobs): ClaimWithReports {
    return {
      projectId: this.projectId,
      cpu: offer.cpu ?? NO_LIMIT,
      accelerators: offer.accelerators ?? NO_LIMIT,
      ...(offer.memoryMb === null ? {} : { memoryMb: offer.memoryMb }),
      limit: Math.min(limit, MAX_CLAIM_LIMIT),
      fit,
    };
  }

  private async claimAnswerOf(answer: E.Either<{ message: string }, ClaimView>): Promise<ClaimAnswer> {
    if (E.isLeft(answer)) return { _tag: 'ClaimFailed', error: new Error(`claim failed: ${answer.left.message}`) };
    return this.settled(this.claimedOf(answer.right));
  }

  private fetchAnswer(wanted: WantedJobs): Promise<ClaimAnswer> {
    return this.settled(this.fetch(wanted, 0));
  }

  private settled(jobs: Promise<readonly ClaimedJob[]>): Promise<ClaimAnswer> {
    return jobs.then(
      (claimed): ClaimAnswer => ({ _tag: 'Claimed', jobs: claimed }),
      (error: unknown): ClaimAnswer => ({ _tag: 'ClaimFailed', error }),
    );
  }

  async heartbeat(): Promise<readonly number[]> {
    const answer = await this.client.heartbeat(this.workerId);
    if (E.isLeft(answer)) throw new Error(`heartbeat failed: ${answer.left.message}`);
    if (answer.right.held_job_ids === undefined) throw new Error('the server does not report held jobs (no lease support)');
    return answer.right.held_job_ids;
  }

  /** The server's lease length, measured with a heartbeat (null when the server does not say). */
  async leaseMs(): Promise<number | null> {
    const sentAt = Date.now();
    const answer = await this.client.heartbeat(this.workerId);
    if (E.isLeft(answer)) throw new Error(`heartbeat failed: ${answer.left.message}`);
    const expiresAt = answer.right.lease_expires_at ? Date.parse(answer.right.lease_expires_at) : Number.NaN;
    const lease = expiresAt - sentAt;
    // A clock far off the server's makes the measure meaningless.
    return Number.isFinite(lease) && lease > 0 && lease < 86_400_000 ? lease : null;
  }

  /** Gives back what late claims brought, then marks the worker inactive. */
  async deactivate(): Promise<void> {
    await Promise.all([...this.lateClaims]);
    const answer = await this.client.deactivateClient(this.workerId);
    if (E.isLeft(answer)) throw new Error(`cannot deactivate worker '${this.workerId}': ${answer.left.message}`);
  }
}
