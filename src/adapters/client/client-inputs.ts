/** What the client sends; field names are the wire's. */
export interface TaskOptions {
  readonly command_template?: string | null;
  readonly required_cpu?: number;
  readonly required_accelerators?: number;
  readonly required_memory_mb?: number;
  readonly max_attempts?: number;
  readonly retry_on_failure?: boolean;
  readonly timeout_seconds?: number | null;
  /** `keep`, `remove_on_complete`, a period such as `30d`; null: the project's. */
  readonly retention?: string | null;
}

/** A dependency in a batch: an existing job id, the key of a job of the batch, or its position. */
export type BatchReference = number | string | { readonly position: number };

export interface NewJob {
  readonly name: string;
  readonly task_id: number;
  /** An object, or the exact JSON text to send (so `1.0` stays `1.0`). */
  readonly parameters?: Readonly<Record<string, unknown>> | string;
  readonly priority?: number;
  readonly key?: string;
  readonly depends_on?: readonly BatchReference[];
  /** The original's `{"<job id or name>": "<job name>"}`; a name resolves on the server. */
  readonly depends?: Readonly<Record<string, string>>;
}

export interface JobChanges {
  readonly name?: string;
  readonly task_id?: number;
  readonly parameters?: Readonly<Record<string, unknown>> | string;
  readonly priority?: number;
  readonly depends?: Readonly<Record<string, string>>;
  readonly status?: string;
}

export interface ClaimOptions {
  readonly cpu?: number;
  readonly accelerators?: number;
  readonly memoryMb?: number;
  /** Take a lease as this worker (renewed by heartbeats). */
  readonly clientId?: string;
  /** Long-poll up to this many seconds. */
  readonly waitSeconds?: number;
  /** Offered numbers are exact: 0 means none free rather than no filter. */
  readonly exact?: boolean;
  /** With clientId: claim up to this many jobs (the ones after the first come in `more`). */
  readonly limit?: number;
  /** How the jobs of one claim fit the offer: together (the default) or each on its own. */
  readonly fit?: 'together' | 'each';
}

/** A claim that rides with a worker's reports (`POST /jobs/reports`): an exact offer, as a worker's. */
export interface ClaimWithReports {
  readonly projectId: number;
  readonly cpu: number;
  readonly accelerators: number;
  /** Absent: no memory filter. */
  readonly memoryMb?: number;
  readonly limit?: number;
  readonly fit?: 'together' | 'each';
  /** Wait up to this many seconds for a job when none is ready after the reports. */
  readonly waitSeconds?: number;
}
