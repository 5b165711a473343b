import type { ClaimedJob } from '../../../application/ports/job-source.port.js';

/** What a job's process sees of its placement: its id, and only the accelerators reserved for it. */
export interface JobEnvironmentOptions {
  /** The variable listing the job's accelerator indices (CUDA_VISIBLE_DEVICES; null: set none). */
  readonly acceleratorVariable: string | null;
  /** Added to every job's environment. */
  readonly extra: Readonly<Record<string, string>>;
}

export const DEFAULT_ACCELERATOR_VARIABLE = 'CUDA_VISIBLE_DEVICES';

/** The variables a job gets wherever it runs: `extra`, then its own identity (which `extra` cannot override). */
export const jobIdentityEnvironment = ({ job, task }: ClaimedJob, extra: Readonly<Record<string, string>>): Record<string, string> => ({
  ...extra,
  WHATSNEXT_JOB_ID: String(job.id),
  WHATSNEXT_JOB_NAME: job.name,
  WHATSNEXT_TASK_NAME: task.name,
  WHATSNEXT_PROJECT_ID: String(job.projectId),
});

/** A local (or sbatch-submitted) job's environment: the worker's own, the job's identity, its accelerators. */
export const jobEnvironment = (
  base: NodeJS.ProcessEnv,
  claimed: ClaimedJob,
  acceleratorIndices: readonly number[] | null,
  options: JobEnvironmentOptions,
): NodeJS.ProcessEnv => ({
  ...base,
  ...jobIdentityEnvironment(claimed, options.extra),
  // A job with no accelerators reserved sees none, rather than every device of the machine.
  ...(options.acceleratorVariable !== null && acceleratorIndices !== null ? { [options.acceleratorVariable]: acceleratorIndices.join(',') } : {}),
});
