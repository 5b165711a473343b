import type { DependencyReport, Job, Task, Worker } from './wire.js';

/** Why a job has not run yet, in the words a user would look for. */
export type Reason =
  | { readonly kind: 'waiting-for-dependencies'; readonly jobIds: readonly number[] }
  | { readonly kind: 'blocked'; readonly byJobId: number | null }
  | { readonly kind: 'no-worker-fits'; readonly activeWorkers: number }
  | { readonly kind: 'ready'; readonly fittingWorkers: number }
  | { readonly kind: 'not-waiting' };

/** A worker offer of 0 means "no limit" for that dimension (the original's semantics). */
const offers = (offer: number, need: number): boolean => offer === 0 || need <= offer;

export const workerFits = (worker: Worker, task: Task): boolean =>
  offers(worker.available_cpu, task.required_cpu) &&
  offers(worker.available_accelerators, task.required_accelerators) &&
  offers(worker.available_memory_mb, task.required_memory_mb);

export const pendingReason = (job: Job, dependencies: DependencyReport, task: Task, workers: readonly Worker[]): Reason => {
  if (job.status === 'BLOCKED') return { kind: 'blocked', byJobId: job.blocked_by ?? dependencies.blocked_by };
  if (job.status !== 'PENDING') return { kind: 'not-waiting' };
  const unmet = dependencies.dependencies.filter((d) => d.status !== 'COMPLETED').map((d) => d.job_id);
  if (unmet.length > 0) return { kind: 'waiting-for-dependencies', jobIds: unmet };
  const active = workers.filter((w) => w.is_active === 1);
  const fitting = active.filter((w) => workerFits(w, task)).length;
  return fitting === 0 ? { kind: 'no-worker-fits', activeWorkers: active.length } : { kind: 'ready', fittingWorkers: fitting };
};

export const requirementsText = (task: Task): string =>
  `${task.required_cpu} CPU, ${task.required_accelerators} accelerator(s)${task.required_memory_mb > 0 ? `, ${task.required_memory_mb} MB memory` : ''}`;
