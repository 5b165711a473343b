/**
 * Wakes long-polling claimers when a project may have a claimable job. In-process for memory and
 * PGlite; LISTEN/NOTIFY across replicas on PostgreSQL.
 */
export interface JobSignal {
  notify(projectId: number): void;
  /**
   * How many notifications the project has had so far. A claimer reads it before it looks for
   * work and waits `since` it: a notification that came while it looked then still wakes it.
   */
  version(projectId: number): number;
  /**
   * Resolves true when notified for the project (at once if notified since version `since`),
   * false after `timeoutMs` or when aborted.
   */
  wait(projectId: number, timeoutMs: number, abort?: AbortSignal, since?: number): Promise<boolean>;
  close(): Promise<void>;
}
export const JobSignal = Symbol.for('whatsnext.JobSignal');
