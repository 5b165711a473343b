export const JOB_STATUSES = ['PENDING', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'BLOCKED', 'CANCELLED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses that make every dependent of the job unable to run. */
export const BLOCKING_STATUSES: ReadonlySet<JobStatus> = new Set(['FAILED', 'CANCELLED', 'BLOCKED']);

/** A job holds a claim (and maybe a lease) in these statuses. */
export const CLAIMED_STATUSES: ReadonlySet<JobStatus> = new Set(['QUEUED', 'RUNNING']);

export const isJobStatus = (value: string): value is JobStatus => (JOB_STATUSES as readonly string[]).includes(value);
