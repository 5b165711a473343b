import { aliasedSelectList, writableProperties } from './column-map.js';
import type { JobRecord } from './job.record.js';

/** Record property -> column of `jobs`: the one place the schema and the hand-written SQL agree on. */
export const JOB_COLUMNS = {
  id: 'id',
  projectId: 'project_id',
  taskId: 'task_id',
  name: 'name',
  parameters: 'parameters',
  priority: 'priority',
  status: 'status',
  unmetDependencies: 'unmet_dependencies',
  requiredCpu: 'required_cpu',
  requiredAccelerators: 'required_accelerators',
  requiredMemoryMb: 'required_memory_mb',
  attempts: 'attempts',
  maxAttempts: 'max_attempts',
  leased: 'leased',
  leaseOwner: 'lease_owner',
  leaseExpiresAt: 'lease_expires_at',
  exitCode: 'exit_code',
  failureReason: 'failure_reason',
  blockedBy: 'blocked_by',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
} as const satisfies Record<keyof JobRecord, string>;

type JobColumn = (typeof JOB_COLUMNS)[keyof typeof JOB_COLUMNS];

/** The SQL type of each column, for statements that bind a whole column as one array. */
export const JOB_COLUMN_TYPES = {
  id: 'integer',
  project_id: 'integer',
  task_id: 'integer',
  name: 'text',
  parameters: 'text',
  priority: 'bigint',
  status: 'text',
  unmet_dependencies: 'integer',
  required_cpu: 'bigint',
  required_accelerators: 'bigint',
  required_memory_mb: 'bigint',
  attempts: 'bigint',
  max_attempts: 'bigint',
  leased: 'boolean',
  lease_owner: 'text',
  lease_expires_at: 'timestamptz',
  exit_code: 'bigint',
  failure_reason: 'text',
  blocked_by: 'integer',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
  started_at: 'timestamptz',
  finished_at: 'timestamptz',
} as const satisfies Record<JobColumn, string>;

/** Every property but the id, in a fixed order: what an insert or a full update writes. */
export const JOB_WRITABLE_PROPERTIES = writableProperties<JobRecord>(JOB_COLUMNS);

/** The columns of `JOB_WRITABLE_PROPERTIES`, in the same order. */
export const JOB_WRITABLE_COLUMNS: readonly JobColumn[] = JOB_WRITABLE_PROPERTIES.map((property) => JOB_COLUMNS[property]);

/** The select list of a job's own columns, aliased to record properties: no dependencies. */
export const jobColumnsSelectList = (table: string): string => aliasedSelectList(JOB_COLUMNS, table);

/**
 * The select list of a job with its dependency ids, aliased to record properties. `table` is the
 * name or alias of `jobs` in the statement. The ids come from a subquery per row: statements that
 * read many jobs at once do better with `dependenciesOf`.
 */
export const jobSelectList = (table: string): string =>
  [
    jobColumnsSelectList(table),
    `ARRAY(SELECT d.depends_on_id FROM job_dependencies d WHERE d.job_id = ${table}.id ORDER BY d.depends_on_id) AS "dependencies"`,
  ].join(', ');

/**
 * A CTE body: the dependency ids (`ids`, ascending) of every job whose id `jobIds` (a subquery)
 * yields and that has any, in one index scan; a subquery per row costs an index scan per job.
 */
export const dependenciesOf = (jobIds: string): string =>
  `SELECT d.job_id, array_agg(d.depends_on_id ORDER BY d.depends_on_id) AS ids FROM job_dependencies d
   WHERE d.job_id = ANY(ARRAY(${jobIds})) GROUP BY d.job_id`;
