import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { SchedulerGaugeValues } from '../../application/metrics/scheduler-gauges.js';
import type { EndedRun, ExpiryOutcome, RetryCause, SchedulerEvents } from '../../application/ports/scheduler-events.port.js';
import { TaskLabels, type FindTaskLabel } from './task-labels.js';

/** Reads the gauges' values; called once per scrape. */
export type GaugeSource = () => Promise<SchedulerGaugeValues>;

/**
 * The scheduler's Prometheus metrics: the SchedulerEvents a composition root binds (claim
 * latency, run durations, lease expiries, retries), and gauges of jobs and workers computed at
 * scrape time from what the store maintains (never by counting job rows).
 */
export class SchedulerMetrics implements SchedulerEvents {
  private source: GaugeSource | null = null;
  /** The values of the scrape under way: its gauges, collected together, share one read. */
  private reading: Promise<SchedulerGaugeValues | null> | null = null;
  private readonly labels = new TaskLabels();
  private readonly claimDuration: Histogram<'result'>;
  private readonly runDuration: Histogram<'project' | 'task' | 'outcome'>;
  private readonly leaseExpiries: Counter<'outcome'>;
  private readonly retries: Counter<'cause'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.claimDuration = new Histogram({
      name: 'whatsnext_claim_duration_seconds',
      help: 'Time spent answering a claim (a long poll\'s waits left out), by result: a job handed out, or none',
      labelNames: ['result'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.runDuration = new Histogram({
      name: 'whatsnext_job_run_duration_seconds',
      help: 'Run time (started to finished) of the runs workers reported finished, by project, task and outcome',
      labelNames: ['project', 'task', 'outcome'] as const,
      buckets: [0.1, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 12 * 3600, 24 * 3600],
      registers,
      // A completion's labels may still be looked up: the scrape waits for them.
      collect: () => this.labels.settled(),
    });
    this.leaseExpiries = new Counter({
      name: 'whatsnext_lease_expiries_total',
      help: 'Claims whose lease expired, by outcome: the job requeued, or failed with its attempts used up',
      labelNames: ['outcome'] as const,
      registers,
    });
    this.retries = new Counter({
      name: 'whatsnext_job_retries_total',
      help: 'Jobs sent back to PENDING for another attempt, by cause: their own failure (retry on failure), or a request',
      labelNames: ['cause'] as const,
      registers,
    });
    this.jobGauges(registry);
    this.workerGauges(registry);
  }

  /** Where the gauges read from and unknown task ids are named; until then the gauges are empty. */
  readFrom(source: GaugeSource, findTask: FindTaskLabel): void {
    this.source = source;
    this.labels.lookUpWith(findTask);
  }

  claimed(seconds: number, jobs: number): void {
    this.claimDuration.observe({ result: jobs > 0 ? 'job' : 'empty' }, seconds);
  }

  runsEnded(runs: readonly EndedRun[]): void {
    for (const run of runs) {
      this.labels.with(run.taskId, (label) => this.runDuration.observe({ ...label, outcome: run.outcome }, run.seconds));
    }
  }

  leasesExpired(outcomes: readonly ExpiryOutcome[]): void {
    for (const outcome of outcomes) this.leaseExpiries.inc({ outcome });
  }

  jobRetried(cause: RetryCause): void {
    this.retries.inc({ cause });
  }

  private values(): Promise<SchedulerGaugeValues | null> {
    const source = this.source;
    if (source === null) return Promise.resolve(null);
    // Collected one after the other in one turn, the gauges of a scrape share the read under way.
    return (this.reading ??= source().finally(() => {
      this.reading = null;
    }));
  }

  private jobGauges(registry: Registry): void {
    const metrics = this;
    new Gauge({
      name: 'whatsnext_jobs',
      help: 'Jobs by project, task and status (from the counts the store keeps)',
      labelNames: ['project', 'task', 'status'] as const,
      registers: [registry],
      async collect() {
        const values = await metrics.values();
        this.reset();
        for (const count of values?.jobs ?? []) {
          metrics.labels.learn(count.taskId, { project: count.projectName, task: count.taskName });
          this.set({ project: count.projectName, task: count.taskName, status: count.status }, count.count);
        }
      },
    });
  }

  private workerGauges(registry: Registry): void {
    const metrics = this;
    new Gauge({
      name: 'whatsnext_workers_active',
      help: 'Workers registered and active',
      registers: [registry],
      async collect() {
        this.set((await metrics.values())?.workers.length ?? 0);
      },
    });
    const free = (name: string, help: string, of: (load: SchedulerGaugeValues['workers'][number]) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['worker'] as const,
        registers: [registry],
        async collect() {
          const values = await metrics.values();
          this.reset();
          for (const load of values?.workers ?? []) this.set({ worker: load.id }, of(load));
        },
      });
    const why = 'of each active worker: what it registered less what its QUEUED and RUNNING jobs require (negative where it registered 0, "no filter")';
    free('whatsnext_worker_free_cpu', `Free CPUs ${why}`, (load) => load.free.cpu);
    free('whatsnext_worker_free_accelerators', `Free accelerators ${why}`, (load) => load.free.accelerators);
    free('whatsnext_worker_free_memory_megabytes', `Free memory in megabytes ${why}`, (load) => load.free.memoryMb);
  }
}
