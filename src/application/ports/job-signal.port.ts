/**
 * Wakes long-polling claimers when a project may have a claimable job. In-process for memory and
 * PGlite; LISTEN/NOTIFY across replicas on PostgreSQL.
 */
export interface JobSignal {
  notify(projectId: number): void;
  /** Resolves true when notified for the project, false after `timeoutMs` or when aborted. */
  wait(projectId: number, timeoutMs: number, abort?: AbortSignal): Promise<boolean>;
  close(): Promise<void>;
}
export const JobSignal = Symbol.for('whatsnext.JobSignal');
