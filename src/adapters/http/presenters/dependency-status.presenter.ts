import type { DependencyReport } from '../../../application/jobs/dependency-status.js';
import type { DependencyStatusAnswer } from '../answers/jobs.answers.js';

/** `GET /jobs/{id}/dependencies`: the original's keys, plus the job that blocks this one. */
export const presentDependencyStatus = (report: DependencyReport): DependencyStatusAnswer => ({
  job_id: report.job.id,
  job_name: report.job.name,
  status: report.job.status,
  dependencies: report.dependencies.map((d) => ({ job_id: d.id, job_name: d.name, status: d.status })),
  all_completed: report.allCompleted,
  has_failed: report.hasFailed,
  blocked_by: report.job.blockedBy,
});
