import * as E from 'fp-ts/lib/Either.js';
import { projectNotFound, type ProjectNotFound } from '../../domain/errors.js';
import type { Fit } from '../../domain/offer-packing.js';
import type { Offer } from '../../domain/resources.js';
import { inject, injectable } from '../injection.js';
import { Clock } from '../ports/clock.port.js';
import { JobSignal } from '../ports/job-signal.port.js';
import { SchedulerEvents } from '../ports/scheduler-events.port.js';
import { SchedulerSettings, unleasedClaimSecondsOf } from '../ports/scheduler-settings.port.js';
import { Store, type ClaimedJobs } from '../ports/store.port.js';
import { ReportProgress } from './report-progress.js';

export interface ClaimOptions {
  readonly projectId: number;
  readonly offer: Offer;
  /** The claiming worker; with `lease` its claim expires unless heartbeats renew it. */
  readonly owner: string | null;
  readonly lease: boolean;
  /** Wait up to this long for a claimable job (long-poll); 0 answers at once. */
  readonly waitMs: number;
  /** Count the project's PENDING jobs too (the original `num_pending`); costs a query. */
  readonly countPending: boolean;
  /** Claim up to this many jobs (default 1) that fit the offer together, or each on its own. */
  readonly limit?: number;
  readonly fit?: Fit;
  readonly abort?: AbortSignal;
  /**
   * The first look joins the run reports made just before, in the same turn (ReportProgress): it
   * runs in their transaction, after them, when they made jobs of the project ready, else right
   * after they committed. Looks after a wait are claims of their own.
   */
  readonly withReports?: boolean;
}

export type { ClaimedJobAndTask } from '../ports/store.port.js';
export type Claim = ClaimedJobs;

const RECOUNT_DELAYS_MS = [2, 10, 25];

/** Claims the next ready jobs that fit the offer, atomically: no job goes to two claimers. */
@injectable()
export class ClaimJob {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
    @inject(JobSignal) private readonly signal: JobSignal,
    @inject(SchedulerSettings) private readonly settings: SchedulerSettings,
    @inject(ReportProgress) private readonly reports: ReportProgress,
    @inject(SchedulerEvents) private readonly events: SchedulerEvents,
  ) {}

  async execute(options: ClaimOptions): Promise<E.Either<ProjectNotFound, Claim>> {
    // The time spent claiming, waits for a job signal left out: a long poll's idle time says nothing of the server.
    let claimingMs = 0;
    const answer = (attempt: E.Either<ProjectNotFound, Claim>, since: number) => {
      claimingMs += performance.now() - since;
      if (E.isRight(attempt)) this.events.claimed(claimingMs / 1000, attempt.right.claimed.length);
      return attempt;
    };
    const deadline = Date.now() + options.waitMs;
    let recounts = 0;
    let withReports = options.withReports === true;
    for (;;) {
      const since = performance.now();
      const seen = this.signal.version(options.projectId);
      // Called before any await: a joined claim reaches the reports' batch in the caller's turn.
      const attempt = await this.claimOnce(options, withReports);
      withReports = false;
      if (E.isLeft(attempt) || attempt.right.claimed.length > 0) return answer(attempt, since);
      // Jobs counted as pending may be the ones concurrent claimers hold locked this very moment:
      // look again once they commit, rather than answer "none for you, but some pending" (the
      // original client crashes on that answer).
      if ((attempt.right.pending ?? 0) > 0 && recounts < RECOUNT_DELAYS_MS.length) {
        await new Promise((resolve) => setTimeout(resolve, RECOUNT_DELAYS_MS[recounts++]));
        claimingMs += performance.now() - since;
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0 || options.abort?.aborted) return answer(attempt, since);
      claimingMs += performance.now() - since;
      await this.signal.wait(options.projectId, left, options.abort, seen);
    }
  }

  /**
   * A worker's lease, renewed by its heartbeat; an anonymous claim (no one to send a heartbeat)
   * expires after the unleased-claim time; a worker's claim without a lease never expires, as its
   * heartbeat must not shorten it.
   */
  private leaseSecondsOf(options: ClaimOptions): number | null {
    if (options.owner !== null) return options.lease ? this.settings.leaseSeconds : null;
    return unleasedClaimSecondsOf(this.settings);
  }

  private async claimOnce(options: ClaimOptions, withReports: boolean): Promise<E.Either<ProjectNotFound, Claim>> {
    const request = {
      projectId: options.projectId,
      offer: options.offer,
      fit: options.fit ?? 'together',
      claimant: { owner: options.owner, leaseSeconds: this.leaseSecondsOf(options) },
      now: this.clock.now(),
    };
    const limit = options.limit ?? 1;
    const joined = withReports ? await this.reports.claimWithReports(request, limit, options.countPending) : null;
    const claim = joined ?? (await this.store.claim(request, limit, options.countPending));
    return claim.projectFound ? E.right(claim) : E.left(projectNotFound(options.projectId));
  }
}
