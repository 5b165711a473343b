/** Where a job submitted to a batch system (SLURM, Kubernetes, Run:ai) stands. */
export type RemoteState =
  | { readonly kind: 'active'; readonly detail: string }
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'failed'; readonly reason: string; readonly exitCode: number | null }
  /** The system no longer knows the job (purged, or deleted by someone). */
  | { readonly kind: 'gone' };
