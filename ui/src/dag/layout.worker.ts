import { JOB_STATUSES, SLICE_LIMIT, type GraphSlice } from '../wire.js';
import type { GraphAnswer, GraphRequest, SliceChoice } from './graph-message.js';
import { layeredLayout } from './layered-layout.js';
import { OTHER_TASK } from './status-colours.js';

/**
 * Off the page's thread: reads one slice of the DAG (at most SLICE_LIMIT jobs and the dependencies
 * touching them, never the whole project), adds one node per other task its dependencies reach,
 * and lays the graph out only when its structure changed. The page only draws.
 */

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

const sliceQuery = (slice: SliceChoice): string =>
  'around' in slice ? `around=${slice.around}` : `task_id=${slice.task}${slice.afterId === null ? '' : `&after_id=${slice.afterId}`}`;

const readSlice = async (request: GraphRequest): Promise<GraphSlice> => {
  const headers: Record<string, string> = request.apiKey === null ? {} : { 'X-API-Key': request.apiKey };
  const response = await fetch(`/projects/${request.projectId}/graph/jobs?${sliceQuery(request.slice)}&limit=${SLICE_LIMIT}`, { headers });
  if (!response.ok) throw new HttpFailure(response.status, await response.text());
  return (await response.json()) as GraphSlice;
};

let lastSignature = '';

scope.onmessage = async (event) => {
  const request = event.data;
  try {
    const slice = await readSlice(request);
    const index = new Map(slice.jobs.map((job, i) => [job.id, i]));
    const ids: number[] = slice.jobs.map((job) => job.id);
    const statuses: number[] = slice.jobs.map((job) => JOB_STATUSES.indexOf(job.status));
    // A dependency with one end outside the slice links to a node for that end's task (id: minus the task id).
    const taskNode = (taskId: number): number => {
      const key = -taskId;
      let at = index.get(key);
      if (at === undefined) {
        at = ids.length;
        index.set(key, at);
        ids.push(key);
        statuses.push(OTHER_TASK);
      }
      return at;
    };
    const edgeList: number[] = [];
    const links = new Set<string>();
    let inside = 0;
    let outside = 0;
    for (const edge of slice.dependencies) {
      const dependent = index.get(edge.job_id);
      const dependency = index.get(edge.depends_on_id);
      if (dependent !== undefined && dependency !== undefined) {
        edgeList.push(dependency, dependent);
        inside++;
        continue;
      }
      outside++;
      // One line per job and other task, however many of that task's jobs it is linked to.
      const [from, to] = dependent === undefined ? [dependency!, taskNode(edge.job_task_id)] : [taskNode(edge.depends_on_task_id), dependent];
      const key = `${from}:${to}`;
      if (!links.has(key)) links.add(key), edgeList.push(from, to);
    }
    const edges = Int32Array.from(edgeList);
    const idArray = Int32Array.from(ids);
    const signature = `${ids.length}:${ids[0]}:${ids[slice.jobs.length - 1]}:${edges.length}:${JSON.stringify(request.slice)}`;
    const started = performance.now();
    const layout = signature === lastSignature ? null : layeredLayout(ids.length, edges);
    const layoutMs = performance.now() - started;
    lastSignature = signature;
    const statusArray = Uint8Array.from(statuses);
    const transfer: Transferable[] = [idArray.buffer, statusArray.buffer, edges.buffer, ...(layout ? [layout.x.buffer, layout.y.buffer] : [])];
    scope.postMessage(
      { kind: 'graph', ids: idArray, statuses: statusArray, edges, layout, layoutMs, jobs: slice.jobs.length, inside, outside, more: slice.more, nextAfterId: slice.next_after_id },
      transfer,
    );
  } catch (error) {
    scope.postMessage({ kind: 'error', status: error instanceof HttpFailure ? error.status : null, message: (error as Error).message }, []);
  }
};
