/** What one job carries in every contender: its index and when it was enqueued (epoch ms, sub-ms). */
export type Payload = {
  readonly i: number;
  readonly t: number;
};

/** A job queue under test, opened on a database of its own with its schema installed. */
export interface OpenQueue {
  /** Enqueues the jobs the fastest way the queue documents (one bulk call when it has one). */
  enqueueMany(payloads: readonly Payload[]): Promise<void>;
  enqueueOne(payload: Payload): Promise<void>;
  /** Starts `concurrency` concurrent in-process workers running `handler` (a no-op but for bookkeeping). */
  startWorkers(concurrency: number, handler: (payload: Payload) => void): Promise<{ stop(): Promise<void> }>;
  /** Jobs not yet recorded as done in the database. */
  unfinished(): Promise<number>;
  close(): Promise<void>;
}

export interface Contender {
  readonly name: string;
  /** Its settings, as printed beside the figures. */
  readonly settings: string;
  open(databaseUrl: string): Promise<OpenQueue>;
}

/** Wall-clock time in ms with sub-millisecond resolution, comparable across the bench's own process. */
export const nowMs = (): number => performance.timeOrigin + performance.now();
