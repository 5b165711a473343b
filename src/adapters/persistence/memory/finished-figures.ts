import type { FinishedFigures, FinishedInMinute, TaskRunTimes } from '../../../application/ports/job-store.port.js';
import type { Job } from '../../../domain/job.js';
import { minuteOf } from '../../../domain/time-window.js';

/** PostgreSQL's `percentile_cont(0.5)`: the middle value, or the mean of the two middle ones. */
const median = (sorted: readonly number[]): number => {
  const middle = (sorted.length - 1) / 2;
  return (sorted[Math.floor(middle)]! + sorted[Math.ceil(middle)]!) / 2;
};

const runTimes = (taskId: number, durations: number[]): TaskRunTimes => {
  const sorted = [...durations].sort((a, b) => a - b);
  const total = sorted.reduce((sum, ms) => sum + ms, 0);
  return { taskId, runs: sorted.length, p50Ms: Math.round(median(sorted)), meanMs: Math.round(total / sorted.length), maxMs: sorted.at(-1)! };
};

/** The figures the SQL stores compute, from finished jobs already chosen (COMPLETED or FAILED, finished in the window). */
export const finishedFigures = (finished: readonly Job[]): FinishedFigures => {
  const minutes = new Map<number, FinishedInMinute>();
  const durations = new Map<number, number[]>();
  for (const job of finished) {
    const minute = minuteOf(job.finishedAt!);
    const counted = minutes.get(minute.getTime()) ?? { minute, completed: 0, failed: 0 };
    minutes.set(minute.getTime(), job.status === 'COMPLETED' ? { ...counted, completed: counted.completed + 1 } : { ...counted, failed: counted.failed + 1 });
    if (job.startedAt !== null) durations.set(job.taskId, [...(durations.get(job.taskId) ?? []), job.finishedAt!.getTime() - job.startedAt.getTime()]);
  }
  return {
    minutes: [...minutes.values()].sort((a, b) => a.minute.getTime() - b.minute.getTime()),
    tasks: [...durations.entries()].sort(([a], [b]) => a - b).map(([taskId, ms]) => runTimes(taskId, ms)),
  };
};
