import type { WorkerEvent } from './worker-events.js';

/** What a worker did from its start, for the summary it prints at exit. */
export interface WorkerSummary {
  readonly started: number;
  readonly completed: number;
  readonly failed: number;
  /** Dropped: cancelled on the server, or the lease was lost; their results were not reported. */
  readonly dropped: number;
  /** Given back to the queue unfinished (on stop), charging no attempt. */
  readonly released: number;
  readonly errors: number;
  readonly seconds: number;
}

/** Counts a worker's events as they come. */
export class WorkerTally {
  private readonly counts = { started: 0, completed: 0, failed: 0, dropped: 0, released: 0, errors: 0 };

  constructor(private readonly startedAt: number = Date.now()) {}

  readonly observe = (event: WorkerEvent): void => {
    if (event.type === 'error') this.counts.errors += 1;
    else this.counts[event.type] += 1;
  };

  summary(now: number = Date.now()): WorkerSummary {
    return { ...this.counts, seconds: Math.round((now - this.startedAt) / 100) / 10 };
  }
}

const duration = (seconds: number): string => {
  if (seconds < 60) return `${seconds}s`;
  const whole = Math.round(seconds);
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s).padStart(2, '0')}s`;
};

/** One line for a person: `12 jobs run (10 completed, 2 failed) in 3m05s`, with the rest when there is any. */
export const summaryText = (summary: WorkerSummary): string => {
  const others = [
    summary.dropped > 0 ? `${summary.dropped} dropped` : '',
    summary.released > 0 ? `${summary.released} released` : '',
    summary.errors > 0 ? `${summary.errors} errors` : '',
  ].filter((part) => part !== '');
  const run = `${summary.started} ${summary.started === 1 ? 'job' : 'jobs'} run (${summary.completed} completed, ${summary.failed} failed)`;
  return `${run}${others.length > 0 ? `, ${others.join(', ')}` : ''} in ${duration(summary.seconds)}`;
};
