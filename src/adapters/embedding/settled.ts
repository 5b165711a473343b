import type { JobStatus } from '../../domain/job-status.js';

/** Statuses in which a job waits for nothing more unless a person acts. */
export const SETTLED_STATUSES: ReadonlySet<JobStatus> = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'BLOCKED']);
