import type { Job } from '../../../domain/job.js';
import type { UseCases } from '../../../application/use-cases.js';
import { presentJob } from '../presenters/job.presenter.js';

/** Jobs with their dependencies' names looked up in one query. */
export const presentJobs = async (useCases: UseCases, jobs: readonly Job[]) => {
  const names = await useCases.jobNames.execute(jobs.flatMap((job) => job.dependencies));
  return jobs.map((job) => presentJob(job, names));
};

export const presentOneJob = async (useCases: UseCases, job: Job) => (await presentJobs(useCases, [job]))[0]!;
