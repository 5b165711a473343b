/** What a worker reports about its work, for logs, progress displays and tests. */
export type WorkerEvent =
  | { readonly type: 'started'; readonly jobId: number; readonly acceleratorIndices: readonly number[] }
  | { readonly type: 'completed'; readonly jobId: number }
  | { readonly type: 'failed'; readonly jobId: number; readonly reason: string }
  | { readonly type: 'dropped'; readonly jobId: number; readonly reason: string }
  | { readonly type: 'released'; readonly jobId: number }
  | { readonly type: 'error'; readonly message: string };

export type WorkerListener = (event: WorkerEvent) => void;
