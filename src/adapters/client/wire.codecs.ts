import * as t from 'io-ts';

/** The shapes the server answers with, as the client reads them (extra keys are ignored). */
const Timestamp = t.string;
const NullableNumber = t.union([t.number, t.null]);

export const ProjectWire = t.intersection([
  t.type({ id: t.number, name: t.string, description: t.string, status: t.string, created_at: Timestamp, updated_at: Timestamp }),
  /** Our extension: the original server sends no retention. */
  t.partial({ retention: t.string }),
]);
export type ProjectWire = t.TypeOf<typeof ProjectWire>;

export const TaskWire = t.intersection([
  t.type({
    id: t.number,
    name: t.string,
    project_id: t.number,
    command_template: t.union([t.string, t.null]),
    required_cpu: t.number,
    required_accelerators: t.number,
    created_at: Timestamp,
    updated_at: Timestamp,
  }),
  t.partial({
    required_memory_mb: t.number,
    max_attempts: t.number,
    retry_on_failure: t.boolean,
    timeout_seconds: NullableNumber,
    retention: t.union([t.string, t.null]),
  }),
]);
export type TaskWire = t.TypeOf<typeof TaskWire>;

export const JobWire = t.intersection([
  t.type({
    id: t.number,
    name: t.string,
    project_id: t.number,
    task_id: t.number,
    parameters: t.UnknownRecord,
    status: t.string,
    priority: t.number,
    depends: t.UnknownRecord,
    created_at: Timestamp,
    updated_at: Timestamp,
  }),
  t.partial({
    task_name: t.string,
    unmet_dependencies: t.number,
    attempts: t.number,
    max_attempts: t.number,
    exit_code: NullableNumber,
    failure_reason: t.union([t.string, t.null]),
    blocked_by: NullableNumber,
    lease_owner: t.union([t.string, t.null]),
    lease_expires_at: t.union([Timestamp, t.null]),
    started_at: t.union([Timestamp, t.null]),
    finished_at: t.union([Timestamp, t.null]),
  }),
]);
export type JobWire = t.TypeOf<typeof JobWire>;

export const ClientWire = t.intersection([
  t.type({
    id: t.string,
    name: t.string,
    entity: t.string,
    description: t.union([t.string, t.null]),
    available_cpu: t.number,
    available_accelerators: t.number,
    last_heartbeat: Timestamp,
    created_at: Timestamp,
    is_active: t.number,
  }),
  t.partial({ available_memory_mb: t.number }),
]);
export type ClientWire = t.TypeOf<typeof ClientWire>;

export const FetchJobWire = t.intersection([
  t.type({ job: t.union([JobWire, t.null]) }),
  t.partial({
    num_pending: NullableNumber,
    task: t.union([TaskWire, t.null]),
    lease_expires_at: t.union([Timestamp, t.null]),
    /** `task` only where no job before it in the answer had that task (the client asks for tasks=once). */
    more: t.array(t.intersection([t.type({ job: JobWire }), t.partial({ task: TaskWire })])),
  }),
]);
export type FetchJobWire = t.TypeOf<typeof FetchJobWire>;

/** One report's result: the job's new status, or why the report was refused. */
export const ReportResultWire = t.union([
  t.type({ job_id: t.number, status: t.string }),
  t.type({ job_id: t.number, error: t.type({ status: t.number, detail: t.string }) }),
]);
export type ReportResultWire = t.TypeOf<typeof ReportResultWire>;

/** A claim that rode with reports: fetch_job's answer, or why it was refused. */
export const ReportsClaimWire = t.union([t.type({ error: t.type({ status: t.number, detail: t.string }) }), FetchJobWire]);
export type ReportsClaimWire = t.TypeOf<typeof ReportsClaimWire>;

/** `claim` only when one was asked of a server that knows the extension. */
export const ReportsWire = t.intersection([t.type({ results: t.array(ReportResultWire) }), t.partial({ claim: ReportsClaimWire })]);
export type ReportsWire = t.TypeOf<typeof ReportsWire>;

export const DependencyStatusWire = t.type({
  job_id: t.number,
  job_name: t.string,
  status: t.string,
  dependencies: t.array(t.type({ job_id: t.number, job_name: t.string, status: t.string })),
  all_completed: t.boolean,
  has_failed: t.boolean,
});
export type DependencyStatusWire = t.TypeOf<typeof DependencyStatusWire>;

const Tally = t.record(t.string, t.number);
export const StatsWire = t.type({
  project_id: t.number,
  total: t.number,
  by_status: Tally,
  by_task: t.array(t.type({ task_id: t.number, task_name: t.string, total: t.number, by_status: Tally })),
});
export type StatsWire = t.TypeOf<typeof StatsWire>;

/** `GET /projects/{id}/graph`: the DAG condensed by task. */
export const ProjectGraphWire = t.type({
  project_id: t.number,
  total: t.number,
  tasks: t.array(t.type({ task_id: t.number, task_name: t.string, total: t.number, by_status: Tally })),
  dependencies: t.array(t.type({ task_id: t.number, depends_on_task_id: t.number, count: t.number })),
});
export type ProjectGraphWire = t.TypeOf<typeof ProjectGraphWire>;

/** `GET /projects/{id}/graph/jobs`: a bounded slice of the DAG. */
export const GraphSliceWire = t.type({
  project_id: t.number,
  jobs: t.array(t.type({ id: t.number, name: t.string, task_id: t.number, status: t.string })),
  dependencies: t.array(t.type({ job_id: t.number, depends_on_id: t.number, job_task_id: t.number, depends_on_task_id: t.number })),
  more: t.boolean,
  next_after_id: t.union([t.number, t.null]),
});
export type GraphSliceWire = t.TypeOf<typeof GraphSliceWire>;

export const BatchWire = t.type({ created: t.number, job_ids: t.array(t.number) });
export const DeletedWire = t.type({ deleted: t.number });
export const HeartbeatWire = t.intersection([t.type({ status: t.string }), t.partial({ held_job_ids: t.array(t.number), lease_expires_at: t.union([Timestamp, t.null]) })]);
export type HeartbeatWire = t.TypeOf<typeof HeartbeatWire>;
export const DataOf = <C extends t.Mixed>(codec: C) => t.type({ data: codec });
