import type { StatusChange } from '../../../domain/status-change.js';
import type { JobHistoryReport } from '../../../application/jobs/job-history.js';
import type { JobHistoryAnswer, StatusChangeAnswer } from '../answers/jobs.answers.js';
import { iso } from './timestamps.js';

export const presentStatusChange = (change: StatusChange): StatusChangeAnswer => ({
  from: change.from,
  to: change.to,
  at: iso(change.at),
  worker: change.worker,
  attempt: change.attempt,
  reason: change.reason,
});

/** `GET /jobs/{id}/history` (extension): creation time, then every status change, oldest first. */
export const presentJobHistory = (report: JobHistoryReport): JobHistoryAnswer => ({
  job_id: report.job.id,
  created_at: iso(report.job.createdAt),
  history: report.changes.map(presentStatusChange),
});
