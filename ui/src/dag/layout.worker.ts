import { JOB_STATUSES, PAGE_LIMIT, type Job } from '../wire.js';
import type { GraphAnswer, GraphRequest } from './graph-message.js';
import { layeredLayout } from './layered-layout.js';

/**
 * Off the page's thread: reads every job of the project, keeps the ones asked for, and lays the
 * graph out only when its structure changed. The page only draws.
 */

type Slim = Pick<Job, 'id' | 'status' | 'depends'>;

interface WorkerScope {
  onmessage: ((event: MessageEvent<GraphRequest>) => void) | null;
  postMessage(message: GraphAnswer, transfer: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const readJobs = async (request: GraphRequest): Promise<Slim[]> => {
  const headers: Record<string, string> = request.apiKey === null ? {} : { 'X-API-Key': request.apiKey };
  const jobs: Slim[] = [];
  for (let afterId = 0; ; afterId = jobs.at(-1)?.id ?? 0) {
    const response = await fetch(`/jobs?project_id=${request.projectId}&limit=${PAGE_LIMIT}&after_id=${afterId}`, { headers });
    if (!response.ok) throw new HttpFailure(response.status, await response.text());
    const page = (await response.json()) as Slim[];
    for (const job of page) jobs.push({ id: job.id, status: job.status, depends: job.depends });
    if (page.length < PAGE_LIMIT) return jobs;
  }
};

/** The jobs linked to `start` through dependencies either way. */
const connectedTo = (start: number, jobs: readonly Slim[]): Set<number> => {
  const neighbours = new Map<number, number[]>();
  const link = (a: number, b: number) => neighbours.set(a, [...(neighbours.get(a) ?? []), b]);
  for (const job of jobs) for (const dep of Object.keys(job.depends)) link(job.id, Number(dep)), link(Number(dep), job.id);
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length > 0) for (const next of neighbours.get(stack.pop()!) ?? []) if (!seen.has(next)) seen.add(next), stack.push(next);
  return seen;
};

let lastSignature = '';

scope.onmessage = async (event) => {
  const request = event.data;
  try {
    let jobs = await readJobs(request);
    if (request.around !== null) {
      const keep = connectedTo(request.around, jobs);
      jobs = jobs.filter((job) => keep.has(job.id));
    }
    const index = new Map(jobs.map((job, i) => [job.id, i]));
    const ids = Int32Array.from(jobs, (job) => job.id);
    const statuses = Uint8Array.from(jobs, (job) => JOB_STATUSES.indexOf(job.status));
    const edgeList: number[] = [];
    for (const job of jobs) {
      for (const dep of Object.keys(job.depends)) {
        const from = index.get(Number(dep));
        if (from !== undefined) edgeList.push(from, index.get(job.id)!);
      }
    }
    const edges = Int32Array.from(edgeList);
    const signature = `${ids.length}:${ids[0]}:${ids[ids.length - 1]}:${edges.length}:${request.around}`;
    const started = performance.now();
    const layout = signature === lastSignature ? null : layeredLayout(ids.length, edges);
    const layoutMs = performance.now() - started;
    lastSignature = signature;
    const transfer: Transferable[] = [ids.buffer, statuses.buffer, edges.buffer, ...(layout ? [layout.x.buffer, layout.y.buffer] : [])];
    scope.postMessage({ kind: 'graph', ids, statuses, edges, layout, layoutMs }, transfer);
  } catch (error) {
    scope.postMessage({ kind: 'error', status: error instanceof HttpFailure ? error.status : null, message: (error as Error).message }, []);
  }
};
