import * as E from 'fp-ts/lib/Either.js';
import * as O from 'fp-ts/lib/Option.js';
import type { DomainError } from '../../domain/errors.js';
import type { JobStatus } from '../../domain/job-status.js';
import { capacityOf, releaseReservation, reserve, type Capacity, type Reservation } from '../../domain/capacity.js';
import type { Offer } from '../../domain/resources.js';
import type { Executor, Outcome, RunContext } from '../../application/ports/executor.port.js';
import type { ClaimedJob, JobSource } from '../../application/ports/job-source.port.js';
import type { StopReason } from './stop-reason.js';
import { StopSwitch } from './stop-switch.js';
import type { WorkerListener } from './worker-events.js';
import type { WorkerSettings } from './worker-settings.js';

interface Running {
  readonly claimed: ClaimedJob;
  readonly reservation: Reservation;
  readonly stop: StopSwitch;
  stopReason: StopReason | null;
  finished: Promise<void>;
}

const CAPACITY_CHANGED = 'capacity changed';

/** What the executor gets; the stop signal is made only if it asks for it (see StopSwitch). */
class JobRunContext implements RunContext {
  constructor(private readonly entry: Running) {}

  get acceleratorIndices(): readonly number[] {
    return this.entry.reservation.acceleratorIndices;
  }

  get stop(): AbortSignal {
    return this.entry.stop.signal;
  }
}

/** A report's answer: the job's new status, a refusal, or null when it could not be sent. */
type ReportAnswer = E.Either<DomainError, JobStatus> | null;

const acknowledged = (answer: ReportAnswer): answer is E.Right<JobStatus> => answer !== null && E.isRight(answer);

const sleep = (ms: number, abort?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    abort?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Claims the jobs that fit its free capacity, runs them through an executor (several at once,
 * each with its own accelerators), reports their outcome and keeps their leases alive.
 * The same loop serves the embedded case and remote servers: only the JobSource differs.
 */
export class Worker {
  private capacity: Capacity;
  private readonly fullCapacity: Capacity;
  /** Jobs that ended here and whose outcome is being reported; their leases are still this worker's. */
  private readonly reporting = new Map<number, Promise<void>>();
  /** Claimed jobs not started yet (prefetch), in claim order; their leases are this worker's. */
  private readonly waiting: ClaimedJob[] = [];
  private readonly running = new Map<number, Running>();
  private readonly stopping = new AbortController();
  /** Aborted whenever capacity frees up, so that a waiting claim asks again with more. */
  private capacityChanged = new AbortController();
  private runs: Promise<void> | null = null;
  private jobsRun = 0;
  /** Jobs the source says this worker holds but that it does not run, at the last heartbeat. */
  private strangers = new Set<number>();
  /** How many jobs the claim loop's claim under way may bring: a claim riding with reports leaves room for them. */
  private claimingInLoop = 0;
  /** The claim riding with reports under way (one at a time), and how many jobs it may bring. */
  private claimAlong: Promise<void> | null = null;
  private claimingAlong = 0;

  constructor(
    private readonly source: JobSource,
    private readonly executor: Executor,
    private readonly settings: WorkerSettings,
    private readonly listener: WorkerListener = () => {},
  ) {
    for (const [name, value, least] of [
      ['concurrency', settings.concurrency, 1],
      ['prefetch', settings.prefetch, 0],
    ] as const) {
      if (!Number.isInteger(value) || value < least) throw new Error(`worker ${name} must be a whole number of at least ${least}, not ${value}`);
    }
    this.capacity = capacityOf(settings.cpu, settings.accelerators, settings.memoryMb ?? 0);
    this.fullCapacity = this.capacity;
  }

  /** Runs until `stop()` is called (or after one job with `once`). */
  run(): Promise<void> {
    this.runs ??= this.loop();
    return this.runs;
  }

  private async loop(): Promise<void> {
    // Leases of jobs that finish during the shutdown grace period must stay alive too.
    const heartbeat = setInterval(() => void this.heartbeat(), this.settings.heartbeatIntervalMs);
    try {
      await this.claimLoop();
    } finally {
      try {
        await this.drain();
      } finally {
        clearInterval(heartbeat);
      }
    }
  }

  /** Stops claiming, lets running jobs finish within the grace period, then stops and releases the rest. */
  stop(): Promise<void> {
    this.stopping.abort();
    this.capacityChanged.abort();
    return this.runs ?? Promise.resolve();
  }

  get activeJobIds(): number[] {
    return [...this.running.keys()];
  }

  private async claimLoop(): Promise<void> {
    let backoffMs = 50;
    while (!this.stopping.signal.aborted) {
      if (this.settings.once && this.jobsRun > 0) return;
      const limit = this.claimRoom();
      if (limit === 0) {
        await sleep(this.settings.pollIntervalMs, this.capacityChanged.signal);
        this.renewCapacitySignal();
        continue;
      }
      let claimed: readonly ClaimedJob[];
      try {
        // Without prefetch, freed capacity makes a waiting claim ask again with more; with it, the
        // offer is the whole worker and only stopping ends a claim (an abandoned HTTP claim's jobs
        // would go back to the queue).
        const interrupt = this.settings.prefetch === 0 ? this.capacityChanged.signal : this.stopping.signal;
        this.claimingInLoop = limit;
        claimed = await this.source.claim(
          { offer: this.offer(), limit, fit: this.settings.prefetch === 0 ? 'together' : 'each' },
          this.settings.once ? 0 : this.settings.pollIntervalMs,
          interrupt,
        );
        backoffMs = 50;
      } catch (error) {
        this.listener({ type: 'error', message: `claim failed: ${(error as Error).message}` });
        await sleep(backoffMs, this.stopping.signal);
        backoffMs = Math.min(backoffMs * 2, this.settings.pollIntervalMs);
        continue;
      } finally {
        this.claimingInLoop = 0;
      }
      this.renewCapacitySignal();
      if (claimed.length === 0) {
        if (this.settings.once) return;
        continue;
      }
      if (this.stopping.signal.aborted) {
        // Claimed as the worker was told to stop: back to the queue rather than run.
        await Promise.all(claimed.map((job) => this.report(() => this.source.release(job.job.id))));
        return;
      }
      await this.hold(claimed);
    }
  }

  /** Claimed jobs wait their turn here, those that fit start at once; misfits go back. */
  private async hold(claimed: readonly ClaimedJob[]): Promise<void> {
    this.waiting.push(...claimed);
    this.launchWaiting();
    await this.returnMisfits();
  }

  /**
   * With prefetch, the slot a finished job frees (when the loop's claim under way does not cover
   * it) is claimed with its outcome's report, which the source sends in the same request and the
   * server applies first, in the same transaction: a dependent the completion made ready can come
   * back with the answer, with no commit and no round trip between. One job: larger refills stay
   * the loop's, in requests of their own, so that claiming many jobs never holds up the reports
   * (measured: riding refills along cost the REST drain about 9 %). Without prefetch a claim
   * offers only the capacity free at that moment, which freed capacity already makes the loop
   * ask again for: two claims under way would offer the same capacity twice.
   */
  private claimWithReports(): void {
    if (this.settings.prefetch === 0 || this.stopping.signal.aborted || this.claimAlong !== null) return;
    const limit = Math.min(1, this.claimRoom() - this.claimingInLoop);
    if (limit <= 0) return;
    this.claimingAlong = limit;
    this.claimAlong = this.takeClaimedAlong(this.source.claimWithReports({ offer: this.offer(), limit, fit: 'each' }));
  }

  private async takeClaimedAlong(answer: Promise<readonly ClaimedJob[]>): Promise<void> {
    let claimed: readonly ClaimedJob[] = [];
    try {
      claimed = await answer;
    } catch (error) {
      this.listener({ type: 'error', message: `claim failed: ${(error as Error).message}` });
    }
    // Done before its jobs run, so that the first to finish may claim with its report again.
    this.claimingAlong = 0;
    this.claimAlong = null;
    // Claimed as the worker was told to stop: back to the queue rather than run.
    if (this.stopping.signal.aborted) await Promise.all(claimed.map((job) => this.report(() => this.source.release(job.job.id))));
    else await this.hold(claimed);
    // What this claim did not fill is the loop's to claim.
    if (this.claimRoom() > 0) this.signalCapacityChanged();
  }

  /**
   * A claimed job that can never start here (it needs more than the worker has, or, without
   * prefetch, more than was offered) goes back to the queue rather than wait or overcommit.
   */
  private async returnMisfits(): Promise<void> {
    const room = this.settings.prefetch === 0 ? this.capacity : this.fullCapacity;
    const misfits = this.waiting.filter(({ job }) => O.isNone(reserve(room, this.needOf(job))));
    if (misfits.length === 0) return;
    this.waiting.splice(0, this.waiting.length, ...this.waiting.filter((claimed) => !misfits.includes(claimed)));
    await Promise.all(misfits.map(({ job }) => this.report(() => this.source.release(job.id))));
  }

  private needOf(job: ClaimedJob['job']) {
    return this.settings.memoryMb === null ? { ...job.requirements, memoryMb: 0 } : job.requirements;
  }

  /**
   * How many jobs the next claim may bring: the free slots, plus the prefetch room for jobs held
   * ready to start the moment a slot frees up.
   */
  private claimRoom(): number {
    if (this.settings.once) return this.running.size === 0 && this.waiting.length === 0 ? 1 : 0;
    const slots = this.settings.concurrency - this.running.size;
    if (this.settings.prefetch === 0) return this.waiting.length === 0 ? Math.max(0, slots) : 0;
    // Refill once half the prefetch is used, so that claims come in batches, not one per job.
    if (this.waiting.length > this.settings.prefetch / 2) return 0;
    return Math.max(0, slots + this.settings.prefetch - this.waiting.length - this.claimingAlong);
  }

  /** Once per wait: abort() builds an AbortError for its default reason even when already aborted. */
  private signalCapacityChanged(): void {
    if (!this.capacityChanged.signal.aborted) this.capacityChanged.abort(CAPACITY_CHANGED);
  }

  private renewCapacitySignal(): void {
    if (this.capacityChanged.signal.aborted && !this.stopping.signal.aborted) this.capacityChanged = new AbortController();
  }

  /**
   * Without prefetch a claim asks for what is free, so that every job it brings starts at once;
   * with prefetch it asks for what fits the worker at all, and jobs wait their turn here.
   */
  private offer(): Offer {
    const capacity = this.settings.prefetch === 0 ? this.capacity : this.fullCapacity;
    return {
      cpu: capacity.cpu,
      accelerators: capacity.accelerators.length,
      memoryMb: this.settings.memoryMb === null ? null : capacity.memoryMb,
    };
  }

  /** Starts the waiting jobs that fit the free capacity and slots, in claim order. */
  private launchWaiting(): void {
    for (let index = 0; index < this.waiting.length && this.running.size < this.settings.concurrency; ) {
      if (this.launch(this.waiting[index]!)) this.waiting.splice(index, 1);
      else index++;
    }
  }

  /** Runs the job if its needs fit the free capacity; false leaves it waiting. */
  private launch(claimed: ClaimedJob): boolean {
    const reserved = reserve(this.capacity, this.needOf(claimed.job));
    if (O.isNone(reserved)) return false;
    this.capacity = reserved.value.capacity;
    this.jobsRun++;
    const entry: Running = {
      claimed,
      reservation: reserved.value.reservation,
      stop: new StopSwitch(),
      stopReason: null,
      finished: Promise.resolve(),
    };
    this.running.set(claimed.job.id, entry);
    entry.finished = this.execute(entry);
    return true;
  }

  /** The job's slot and capacity are free again: the next waiting jobs may start. */
  private freeSlot(entry: Running): void {
    this.running.delete(entry.claimed.job.id);
    this.capacity = releaseReservation(this.capacity, entry.reservation);
    if (!this.stopping.signal.aborted) this.launchWaiting();
    // In the turn of the outcome's report (made just before), so that the claim rides with it.
    this.claimWithReports();
    // A prefetching worker with jobs enough in hand has nothing to claim: waking its claim loop
    // on every finished job would only make it sleep again.
    if (this.claimRoom() > 0) this.signalCapacityChanged();
  }

  /**
   * Runs the job once its start is acknowledged (with prefetch: at once, while the start is
   * reported; a refused start — cancelled or lost in the meantime — stops it), and frees its slot
   * as soon as it ends: the outcome is reported in the background, after the start, so that short
   * jobs do not wait on round trips.
   */
  private async execute(entry: Running): Promise<void> {
    const { job, task } = entry.claimed;
    try {
      const started = this.report(() => this.source.start(job.id)).then((answer) => {
        if (!acknowledged(answer)) this.stopJob(job.id, { kind: 'lost' });
        return answer;
      });
      // Without prefetch nothing runs before the server acknowledged its start: a claim the server
      // lost (a crash before an embedded database made it durable) must not run twice. A
      // prefetching worker, made for many short jobs, starts at once and stops a refused job.
      if (this.settings.prefetch === 0) {
        const answer = await started;
        if (!acknowledged(answer)) {
          this.listener({ type: 'dropped', jobId: job.id, reason: this.refusal(answer) });
          return;
        }
      }
      this.listener({ type: 'started', jobId: job.id, acceleratorIndices: entry.reservation.acceleratorIndices });
      const timeout =
        task.timeoutSeconds === null
          ? null
          : setTimeout(() => this.stopJob(job.id, { kind: 'timeout', seconds: task.timeoutSeconds! }), task.timeoutSeconds * 1000);
      let outcome: Outcome;
      try {
        outcome = await this.executor.run(entry.claimed, new JobRunContext(entry));
      } catch (error) {
        outcome = { ok: false, exitCode: null, reason: `executor error: ${(error as Error).message}`, logTail: null };
      } finally {
        if (timeout !== null) clearTimeout(timeout);
      }
      this.reporting.set(job.id, this.settle(job.id, outcome, entry.stopReason, started));
    } finally {
      this.freeSlot(entry);
    }
  }

  /**
   * Reports the outcome right away, without waiting for the start's answer (the source applies them
   * in order, so both often share one transaction); a refused start drops the outcome.
   */
  private async settle(jobId: number, outcome: Outcome, reason: StopReason | null, started: Promise<ReportAnswer>): Promise<void> {
    // Always settles after an await: the caller files the promise under the job id first.
    try {
      if (reason?.kind === 'shutdown') {
        const accepted = await started;
        await this.report(() => this.source.release(jobId));
        this.listener(acknowledged(accepted) ? { type: 'released', jobId } : { type: 'dropped', jobId, reason: this.refusal(accepted) });
        return;
      }
      if (reason?.kind === 'lost') {
        const accepted = await started;
        this.listener({ type: 'dropped', jobId, reason: acknowledged(accepted) ? 'lease lost or job cancelled' : this.refusal(accepted) });
        return;
      }
      const failure =
        reason?.kind === 'timeout'
          ? { reason: `timed out after ${reason.seconds}s`, exitCode: outcome.ok ? null : outcome.exitCode }
          : outcome.ok
            ? null
            : { reason: outcome.reason + (outcome.logTail ? `\n${outcome.logTail}` : ''), exitCode: outcome.exitCode };
      const reported = this.report(() => (failure === null ? this.source.complete(jobId) : this.source.fail(jobId, failure)));
      const accepted = await started;
      const answer = await reported;
      if (!acknowledged(accepted)) {
        this.listener({ type: 'dropped', jobId, reason: this.refusal(accepted) });
      } else if (answer === null) {
        this.listener({ type: 'dropped', jobId, reason: 'could not report the outcome' });
      } else if (E.isLeft(answer)) {
        this.listener({ type: 'dropped', jobId, reason: answer.left.message });
      } else if (failure === null) {
        this.listener({ type: 'completed', jobId });
      } else {
        this.listener({ type: 'failed', jobId, reason: failure.reason });
      }
    } finally {
      this.reporting.delete(jobId);
    }
  }

  private refusal(started: ReportAnswer): string {
    return started === null ? 'could not report the start' : E.isLeft(started) ? started.left.message : 'started';
  }

  private stopJob(jobId: number, reason: StopReason): void {
    const entry = this.running.get(jobId);
    if (!entry || entry.stop.aborted) return;
    entry.stopReason = reason;
    entry.stop.abort();
  }

  /**
   * Jobs no longer among this worker's leases were cancelled or lost: stop them, drop their
   * results. Leases it holds on jobs it does not run (a claim whose answer never arrived, an
   * outcome it could not report) would be renewed forever: seen at two heartbeats in a row, they
   * go back to the queue.
   */
  private async heartbeat(): Promise<void> {
    // Only jobs running before the heartbeat went out can be missing from its answer: the server
    // may have renewed the leases before a claim that answered meanwhile committed.
    const runningBefore = [...this.running.keys()];
    let held: readonly number[];
    try {
      held = await this.source.heartbeat();
    } catch (error) {
      this.listener({ type: 'error', message: `heartbeat failed: ${(error as Error).message}` });
      return;
    }
    for (const jobId of runningBefore) if (!held.includes(jobId)) this.stopJob(jobId, { kind: 'lost' });
    const waiting = new Set(this.waiting.map((claimed) => claimed.job.id));
    const strangers = new Set(held.filter((jobId) => !this.running.has(jobId) && !waiting.has(jobId) && !this.reporting.has(jobId)));
    for (const jobId of strangers) {
      if (!this.strangers.has(jobId)) continue;
      strangers.delete(jobId);
      void this.report(() => this.source.release(jobId)).then(() => this.listener({ type: 'released', jobId }));
    }
    this.strangers = strangers;
  }

  /** Reports survive a short outage: retried with backoff, null when the source stays unreachable. */
  private report<A>(send: () => Promise<A>): Promise<A | null> {
    // A report that goes through (nearly all) costs no retry loop: two of them per job.
    try {
      return send().catch((error: unknown) => this.retryReport(send, error));
    } catch (error) {
      return this.retryReport(send, error);
    }
  }

  /** After a failed report: tries 7 more times, backing off from 100 ms to 5 s; null when all failed. */
  private async retryReport<A>(send: () => Promise<A>, firstError: unknown): Promise<A | null> {
    let error = firstError;
    for (let attempt = 1, delay = 100; attempt < 8; attempt++, delay = Math.min(delay * 2, 5_000)) {
      this.listener({ type: 'error', message: `report failed: ${(error as Error).message}` });
      await sleep(delay);
      try {
        return await send();
      } catch (next) {
        error = next;
      }
    }
    this.listener({ type: 'error', message: `report failed: ${(error as Error).message}` });
    return null;
  }

  /** After the loop: wait out the grace period, then stop and release what still runs. */
  private async drain(): Promise<void> {
    // Jobs it brings once the worker stopped go back to the queue; those it brought wait here.
    await this.claimAlong;
    const unstarted = this.waiting.splice(0);
    await Promise.all(
      unstarted.map(async ({ job }) => {
        await this.report(() => this.source.release(job.id));
        this.listener({ type: 'released', jobId: job.id });
      }),
    );
    const deadline = Date.now() + (this.stopping.signal.aborted ? this.settings.shutdownGraceMs : Number.POSITIVE_INFINITY);
    while (this.running.size > 0 && Date.now() < deadline) {
      await Promise.race([sleep(Math.max(0, Math.min(deadline - Date.now(), 1_000))), ...[...this.running.values()].map((r) => r.finished)]);
    }
    for (const jobId of this.running.keys()) this.stopJob(jobId, { kind: 'shutdown' });
    await Promise.all([...this.running.values()].map((r) => r.finished));
    while (this.reporting.size > 0) await Promise.all([...this.reporting.values()]);
  }
}
