/** What the page and the DAG worker say to each other. */

export interface GraphRequest {
  readonly projectId: number;
  readonly apiKey: string | null;
  /** Only the jobs connected to this one (its batch, in practice); null: the whole project. */
  readonly around: number | null;
}

/** Statuses travel as indexes into JOB_STATUSES; positions only when the structure changed. */
export type GraphAnswer =
  | {
      readonly kind: 'graph';
      readonly ids: Int32Array;
      readonly statuses: Uint8Array;
      readonly edges: Int32Array;
      readonly layout: { readonly x: Float32Array; readonly y: Float32Array; readonly layers: number } | null;
      readonly layoutMs: number;
    }
  | { readonly kind: 'error'; readonly status: number | null; readonly message: string };
