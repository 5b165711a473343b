import type { BatchReference } from '../../client/client-inputs.js';

/** A job to send, whose references are keys or positions within its batch. */
export interface ChunkableJob {
  readonly key?: string | undefined;
  readonly depends_on?: readonly BatchReference[] | undefined;
}

/** One request's jobs (positions renumbered within it) and where each came from. */
export interface Chunk<J> {
  readonly jobs: J[];
  readonly origins: number[];
}

export const BATCH_SIZE = 5_000;

/** Groups of jobs tied by references inside the batch (union-find), each group in file order. */
const connectedGroups = (jobs: readonly ChunkableJob[]): number[][] => {
  const parent = jobs.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const byKey = new Map<string, number>();
  jobs.forEach((job, i) => job.key !== undefined && byKey.set(job.key, i));
  jobs.forEach((job, i) => {
    for (const ref of job.depends_on ?? []) {
      const other = typeof ref === 'string' ? byKey.get(ref) : typeof ref === 'object' ? ref.position : undefined;
      if (other !== undefined && other < jobs.length) parent[root(i)] = root(other);
    }
  });
  const groups = new Map<number, number[]>();
  jobs.forEach((_, i) => {
    const r = root(i);
    const group = groups.get(r);
    if (group) group.push(i);
    else groups.set(r, [i]);
  });
  return [...groups.values()];
};

/**
 * Splits a batch into requests of at most `size` jobs without cutting a DAG: jobs that reference
 * each other (by key or position) stay in one request, even when that request is larger.
 * Positions are renumbered within each request.
 */
export const chunkBatch = <J extends ChunkableJob>(jobs: readonly J[], size = BATCH_SIZE): Chunk<J>[] => {
  if (jobs.length <= size) return [{ jobs: [...jobs], origins: jobs.map((_, i) => i) }];
  const chunks: number[][] = [];
  let current: number[] = [];
  for (const group of connectedGroups(jobs)) {
    if (current.length > 0 && current.length + group.length > size) {
      chunks.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length > 0) chunks.push(current);
  return chunks.map((origins) => {
    const sorted = [...origins].sort((a, b) => a - b);
    const local = new Map(sorted.map((origin, i) => [origin, i]));
    const renumber = (ref: BatchReference): BatchReference => (typeof ref === 'object' ? { position: local.get(ref.position) ?? ref.position } : ref);
    return {
      origins: sorted,
      jobs: sorted.map((origin) => {
        const job = jobs[origin]!;
        return job.depends_on === undefined ? job : { ...job, depends_on: job.depends_on.map(renumber) };
      }),
    };
  });
};
