/** The shapes the dashboard reads from the REST API (see /openapi.json and API.md). */

export const JOB_STATUSES = ['PENDING', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'BLOCKED', 'CANCELLED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface Project {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly status: 'ACTIVE' | 'ARCHIVED';
  /** `keep`, `remove_on_complete` or a period such as `30d`. */
  readonly retention?: string;
  readonly created_at: string;
}

export interface ProjectStats {
  readonly total: number;
  readonly by_status: Partial<Record<JobStatus, number>>;
  readonly by_task: readonly { task_id: number; task_name: string; total: number; by_status: Partial<Record<JobStatus, number>> }[];
}

/** `GET /projects/{id}/graph`: the DAG condensed by task. */
export interface ProjectGraph {
  readonly total: number;
  readonly tasks: readonly { task_id: number; task_name: string; total: number; by_status: Partial<Record<JobStatus, number>> }[];
  /** Jobs of `task_id` waiting on jobs of `depends_on_task_id`, `count` dependencies. */
  readonly dependencies: readonly { task_id: number; depends_on_task_id: number; count: number }[];
}

/** `GET /projects/{id}/graph/jobs`: at most `SLICE_LIMIT` jobs and the dependencies touching them. */
export interface GraphSlice {
  readonly jobs: readonly { id: number; name: string; task_id: number; status: JobStatus }[];
  readonly dependencies: readonly { job_id: number; depends_on_id: number; job_task_id: number; depends_on_task_id: number }[];
  readonly more: boolean;
  readonly next_after_id: number | null;
}

/** The most jobs a slice of the DAG holds (the API's limit). */
export const SLICE_LIMIT = 5_000;

export interface Task {
  readonly id: number;
  readonly name: string;
  readonly project_id: number;
  readonly required_cpu: number;
  readonly required_accelerators: number;
  readonly required_memory_mb: number;
  /** null: the project's. */
  readonly retention?: string | null;
}

export interface Job {
  readonly id: number;
  readonly name: string;
  readonly project_id: number;
  readonly task_id: number;
  readonly status: JobStatus;
  readonly priority: number;
  readonly depends: Readonly<Record<string, string>>;
  readonly created_at: string;
  readonly updated_at: string;
  readonly unmet_dependencies: number;
  readonly attempts: number;
  readonly max_attempts: number;
  readonly exit_code: number | null;
  readonly failure_reason: string | null;
  readonly blocked_by: number | null;
  readonly lease_owner: string | null;
  readonly lease_expires_at: string | null;
  readonly started_at: string | null;
  readonly finished_at: string | null;
}

export interface DependencyReport {
  readonly dependencies: readonly { job_id: number; job_name: string; status: JobStatus }[];
  readonly all_completed: boolean;
  readonly blocked_by: number | null;
}

export interface StatusChange {
  readonly from: JobStatus;
  readonly to: JobStatus;
  readonly at: string;
  readonly worker: string | null;
  readonly attempt: number;
  readonly reason: string | null;
}

/** `GET /jobs/{id}/history`: oldest change first, the latest `HISTORY_LIMIT` kept. */
export interface JobHistory {
  readonly job_id: number;
  readonly created_at: string;
  readonly history: readonly StatusChange[];
}

export const HISTORY_LIMIT = 100;

export interface Worker {
  readonly id: string;
  readonly name: string;
  readonly entity: string;
  readonly description: string | null;
  readonly available_cpu: number;
  readonly available_accelerators: number;
  readonly available_memory_mb: number;
  readonly last_heartbeat: string | null;
  readonly is_active: number;
}

export const dependencyIds = (job: Pick<Job, 'depends'>): number[] => Object.keys(job.depends).map(Number);

/** Every job of a listing, page after page (the API caps a page at 10,000). */
export const PAGE_LIMIT = 5_000;

/** How a run ended (`GET /projects/{id}/runs`); RUNNING while the worker holds the job. */
export type RunOutcome = 'RUNNING' | 'COMPLETED' | 'FAILED' | 'LEASE_EXPIRED' | 'RELEASED' | 'CANCELLED';

export interface Run {
  readonly job_id: number;
  readonly name: string;
  readonly task_id: number;
  readonly task_name: string;
  readonly attempt: number;
  readonly worker: string | null;
  readonly claimed_at: string;
  readonly started_at: string | null;
  readonly finished_at: string | null;
  readonly outcome: RunOutcome;
}

/** `GET /projects/{id}/runs`: newest first, at most `RUNS_LIMIT`. */
export interface Runs {
  readonly since: string;
  readonly until: string;
  readonly capped: boolean;
  readonly runs: readonly Run[];
}

export const RUNS_LIMIT = 5_000;

/** `GET /projects/{id}/throughput`. */
export interface Throughput {
  readonly since: string;
  readonly until: string;
  readonly minutes: readonly { minute: string; completed: number; failed: number }[];
  readonly tasks: readonly { task_id: number; task_name: string; runs: number; p50_ms: number; mean_ms: number; max_ms: number }[];
}
