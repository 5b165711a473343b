/** What the page and the DAG worker say to each other. */

/** Which slice of the DAG: one task's jobs (after `afterId`), or the jobs linked to one job (its batch). */
export type SliceChoice = { readonly task: number; readonly afterId: number | null } | { readonly around: number };

export interface GraphRequest {
  readonly projectId: number;
  readonly apiKey: string | null;
  readonly slice: SliceChoice;
}

/**
 * Statuses travel as indexes into JOB_STATUSES, or OTHER_TASK for a node standing for the jobs of
 * a task outside the slice (its id is minus the task's id); positions only when the structure changed.
 */
export type GraphAnswer =
  | {
      readonly kind: 'graph';
      readonly ids: Int32Array;
      readonly statuses: Uint8Array;
      readonly edges: Int32Array;
      readonly layout: { readonly x: Float32Array; readonly y: Float32Array; readonly layers: number } | null;
      readonly layoutMs: number;
      /** Jobs in the slice (the other nodes are tasks), dependencies among them, and links out of it. */
      readonly jobs: number;
      readonly inside: number;
      readonly outside: number;
      /** More jobs belong to the slice than it holds; `nextAfterId` starts the next one of a task. */
      readonly more: boolean;
      readonly nextAfterId: number | null;
    }
  | { readonly kind: 'error'; readonly status: number | null; readonly message: string };
