/** What a worker reports about its work, for logs, progress displays and tests. */
export type WorkerEvent =
  | { readonly type: 'started'; readonly jobId: number; readonly acceleratorIndices: readonly number[] }
  | { readonly type: 'completed'; readonly jobId: number }
  | { readonly type: 'failed'; readonly jobId: number; readonly reason: string }
  | { readonly type: 'dropped'; readonly jobId: number; readonly reason: string }
  | { readonly type: 'released'; readonly jobId: number }
  | { readonly type: 'error'; readonly message: string };

export type WorkerListener = (event: WorkerEvent) => void;

/** One line for a person watching the worker. */
export const eventText = (event: WorkerEvent): string => {
  switch (event.type) {
    case 'started':
      return `job ${event.jobId} started${event.acceleratorIndices.length > 0 ? ` on accelerators ${event.acceleratorIndices.join(',')}` : ''}`;
    case 'completed':
      return `job ${event.jobId} completed`;
    case 'failed':
      return `job ${event.jobId} failed: ${event.reason.split('\n')[0]}`;
    case 'dropped':
      return `job ${event.jobId} dropped: ${event.reason}`;
    case 'released':
      return `job ${event.jobId} released back to the queue`;
    case 'error':
      return `error: ${event.message}`;
  }
};
