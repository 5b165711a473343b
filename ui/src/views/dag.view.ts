import { askForApiKey, storedApiKey } from '../api-key-dialog.js';
import { get, request } from '../api.js';
import { notify } from '../confirm-dialog.js';
import { errorBox, h, statusBadge } from '../dom.js';
import { DagCanvas, type DagGraph } from '../dag/dag-canvas.js';
import type { GraphAnswer, GraphRequest, SliceChoice } from '../dag/graph-message.js';
import { OTHER_TASK } from '../dag/status-colours.js';
import { taskGraphSvg } from '../dag/task-graph.js';
import { JOB_STATUSES, SLICE_LIMIT, type Project, type ProjectGraph } from '../wire.js';
import type { View } from './view.js';

const REFRESH_MS = 5_000;

const count = (n: number): string => n.toLocaleString('en');

const legendOf = (legend: HTMLElement, counts: readonly number[]) =>
  legend.replaceChildren(...JOB_STATUSES.map((s, i) => h('li', { 'data-status': s, 'data-count': counts[i]! }, statusBadge(s), ` ${counts[i]}`)));

/**
 * A project's DAG without ever reading the whole project: it opens on the graph condensed by task
 * (`GET /projects/{id}/graph`, counts the server keeps), and a task opens its jobs, SLICE_LIMIT at
 * a time; `around=J` shows the batch of job J (at most SLICE_LIMIT of it). Marks `dag:first-draw`
 * for the bench.
 */
export const dagView: View = async (root, path, query) => {
  performance.clearMarks('dag:start');
  performance.clearMeasures('dag:first-draw');
  performance.mark('dag:start');
  const projectId = Number(path[1]);
  const number = (name: string) => (query.get(name) === null ? null : Number(query.get(name)));
  const task = number('task');
  const around = number('around');
  // Read through the page's client first: a missing key is asked for before the worker needs it.
  const [project, graph] = await Promise.all([get<Project>(`/projects/${projectId}`), request<ProjectGraph>('GET', `/projects/${projectId}/graph`)]);
  const crumbs = (...last: (Node | string)[]) =>
    h('nav', { class: 'crumbs' }, h('a', { href: '#/' }, 'Projects'), ' / ', h('a', { href: `#/projects/${projectId}` }, project.name), ' / ', ...last);
  if (task === null && around === null) return condensedView(root, project, graph.text, crumbs);
  return sliceView(root, project, graph.body, task === null ? { around: around! } : { task, afterId: number('after') }, crumbs);
};

/** The tasks as nodes with their counts by status, the dependencies between them as counted arrows; refreshed live. */
const condensedView = (root: HTMLElement, project: Project, firstText: string, crumbs: (...last: (Node | string)[]) => HTMLElement): (() => void) => {
  const board = h('div', { class: 'dag task-dag', role: 'img', 'aria-label': `Dependency graph of project ${project.name}, by task` });
  const legend = h('ul', { class: 'legend' });
  const summary = h('p', { class: 'muted graph-summary' });
  const live = h('input', { type: 'checkbox', name: 'live', checked: true });
  root.append(
    crumbs('DAG'),
    h('h1', {}, `DAG of ${project.name}`),
    h('div', { class: 'filters' }, h('label', {}, live, ' live refresh'), h('span', { class: 'muted' }, `Each box is a task; click one to see its jobs (${count(SLICE_LIMIT)} at a time).`)),
    legend,
    summary,
    board,
  );
  let shown = '';
  const show = (text: string) => {
    if (text === shown) return;
    const firstDraw = shown === '';
    shown = text;
    const graph = JSON.parse(text) as ProjectGraph;
    const totals = JOB_STATUSES.map((s) => graph.tasks.reduce((sum, t) => sum + (t.by_status[s] ?? 0), 0));
    legendOf(legend, totals);
    const edges = graph.dependencies.reduce((sum, d) => sum + d.count, 0);
    const within = graph.dependencies.filter((d) => d.task_id === d.depends_on_task_id).reduce((sum, d) => sum + d.count, 0);
    summary.textContent = `${graph.tasks.length} task(s), ${count(graph.total)} job(s), ${count(edges)} dependencies (${count(edges - within)} between tasks, ${count(within)} within one).`;
    board.replaceChildren(graph.tasks.length === 0 ? h('p', { class: 'muted' }, 'No jobs yet.') : taskGraphSvg(graph, (taskId) => (location.hash = `#/projects/${project.id}/dag?task=${taskId}`)));
    if (firstDraw) performance.measure('dag:first-draw', 'dag:start');
  };
  show(firstText);
  const timer = window.setInterval(async () => {
    if (!live.checked) return;
    try {
      show((await request<ProjectGraph>('GET', `/projects/${project.id}/graph`)).text);
    } catch (error) {
      summary.replaceChildren(errorBox(error));
    }
  }, REFRESH_MS);
  return () => window.clearInterval(timer);
};

/**
 * One slice of the jobs' DAG (a task's jobs, or a job's batch), coloured by status; a purple node
 * stands for the jobs of another task (or of this task outside the slice) that the slice's jobs
 * depend on or that depend on them, and opens that task. Read and laid out in a Web Worker; the
 * page only draws, so it stays responsive with thousands of nodes.
 */
const sliceView = (root: HTMLElement, project: Project, graph: ProjectGraph, slice: SliceChoice, crumbs: (...last: (Node | string)[]) => HTMLElement): (() => void) => {
  const projectId = project.id;
  const taskNames = new Map(graph.tasks.map((t) => [t.task_id, t.task_name]));
  const taskId = 'task' in slice ? slice.task : null;
  const taskName = taskId === null ? null : (taskNames.get(taskId) ?? `task ${taskId}`);
  const taskTotal = graph.tasks.find((t) => t.task_id === taskId)?.total ?? 0;
  const board = h('div', { class: 'dag', role: 'img', 'aria-label': `Dependency graph of ${taskName === null ? 'a batch' : `task ${taskName}`} in project ${project.name}` });
  const legend = h('ul', { class: 'legend' });
  const status = h('p', { class: 'muted graph-summary' }, 'Reading the jobs…');
  const bounds = h('p', { class: 'slice-bounds' });
  const live = h('input', { type: 'checkbox', name: 'live', checked: true });
  const findInput = h('input', { type: 'number', name: 'find', placeholder: 'job id', min: 1, 'aria-label': 'Job id to find' });
  const open = (id: number) => (location.hash = id < 0 ? `#/projects/${projectId}/dag?task=${-id}` : `#/jobs/${id}`);
  const dag = new DagCanvas(board, open);
  dag.label = (id) => (id > 0 ? String(id) : `${taskNames.get(-id) ?? `task ${-id}`}${-id === taskId ? ' (other jobs)' : ''}`);
  const canvas = dag.element;
  const find = (event: Event) => {
    event.preventDefault();
    if (!dag.centreOn(Number(findInput.value))) notify(`Job ${findInput.value} is not in this graph.`, true);
  };

  root.append(
    crumbs(h('a', { href: `#/projects/${projectId}/dag` }, 'DAG'), ' / ', taskName ?? `around job #${'around' in slice ? slice.around : ''}`),
    h('h1', {}, taskName === null ? `DAG around job #${'around' in slice ? slice.around : ''} (its batch) in ${project.name}` : `Jobs of task ${taskName} in ${project.name}`),
    h(
      'div',
      { class: 'filters' },
      h('form', { class: 'find', onsubmit: find }, findInput, h('button', { type: 'submit', class: 'small' }, 'Find')),
      h('button', { class: 'small', onclick: () => dag.fit() }, 'Fit'),
      h('a', { href: `#/projects/${projectId}/dag` }, 'all tasks'),
      h('label', {}, live, ' live refresh'),
      h('span', { class: 'muted' }, 'Drag to pan, wheel to zoom, click a node to open its job (a purple one: its task).'),
    ),
    bounds,
    legend,
    status,
    board,
  );

  /** Which part of the task or batch this is, and the way to the next part. */
  const showBounds = (answer: Extract<GraphAnswer, { kind: 'graph' }>) => {
    if (taskId === null) {
      bounds.replaceChildren(answer.more ? `The batch has more than ${count(SLICE_LIMIT)} jobs: these are the ${count(answer.jobs)} nearest job #${'around' in slice ? slice.around : ''}.` : '');
      return;
    }
    const afterId = 'task' in slice ? slice.afterId : null;
    const part = answer.more || afterId !== null ? `${count(answer.jobs)} of its ${count(taskTotal)} jobs${afterId === null ? '' : ` after job #${afterId}`}` : `all ${count(answer.jobs)} of its jobs`;
    bounds.replaceChildren(
      `Task ${taskName}: ${part}.`,
      answer.more && answer.nextAfterId !== null ? h('a', { class: 'next-slice', href: `#/projects/${projectId}/dag?task=${taskId}&after=${answer.nextAfterId}` }, ` Next ${count(SLICE_LIMIT)} →`) : '',
      afterId !== null ? h('a', { class: 'first-slice', href: `#/projects/${projectId}/dag?task=${taskId}` }, ` First ${count(SLICE_LIMIT)}`) : '',
    );
  };

  let drawn: DagGraph | null = null;
  let inFlight = false;
  let firstDraw = true;
  const worker = new Worker('/ui/dag-layout.js', { type: 'module' });
  const ask = () => {
    if (inFlight) return;
    inFlight = true;
    worker.postMessage({ projectId, apiKey: storedApiKey(), slice } satisfies GraphRequest);
  };
  dag.onDrawn = () => {
    if (!firstDraw || drawn === null) return;
    firstDraw = false;
    performance.measure('dag:first-draw', 'dag:start');
  };
  worker.onmessage = async (event: MessageEvent<GraphAnswer>) => {
    inFlight = false;
    const answer = event.data;
    if (answer.kind === 'error') {
      if (answer.status === 401 || answer.status === 403) {
        await askForApiKey(answer.status === 403);
        return ask();
      }
      status.replaceChildren(errorBox(answer.message));
      return;
    }
    const positions = answer.layout ?? drawn;
    if (positions === null) return;
    const fresh = drawn === null;
    drawn = { ids: answer.ids, statuses: answer.statuses, edges: answer.edges, x: positions.x, y: positions.y };
    dag.setGraph(drawn, fresh || answer.layout !== null, answer.layout !== null);
    const counts = new Array<number>(JOB_STATUSES.length).fill(0);
    for (const s of answer.statuses) if (s !== OTHER_TASK) counts[s]!++;
    legendOf(legend, counts);
    const others = answer.ids.length - answer.jobs;
    status.textContent =
      `${answer.jobs} job(s), ${answer.inside} dependencies` +
      (answer.outside > 0 ? `, ${answer.outside} more to jobs outside (${others} purple task node(s))` : '') +
      (answer.layout ? `, ${answer.layout.layers} layers` : '') +
      '.';
    showBounds(answer);
    canvas.dataset['nodes'] = String(answer.jobs);
  };
  ask();
  const timer = window.setInterval(() => live.checked && ask(), REFRESH_MS);
  return () => {
    window.clearInterval(timer);
    worker.terminate();
  };
};
