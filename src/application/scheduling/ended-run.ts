import type { Job } from '../../domain/job.js';
import type { EndedRun, RunOutcome } from '../ports/scheduler-events.port.js';

/** The run of a job that was RUNNING and whose worker reported its end; null when it never started (nothing ran). */
export const endedRun = (before: Job, outcome: RunOutcome, now: Date): EndedRun | null =>
  before.status === 'RUNNING' && before.startedAt !== null
    ? { taskId: before.taskId, outcome, seconds: Math.max(0, now.getTime() - before.startedAt.getTime()) / 1000 }
    : null;
