import { askForApiKey, storedApiKey } from '../api-key-dialog.js';
import { get } from '../api.js';
import { notify } from '../confirm-dialog.js';
import { errorBox, h, statusBadge } from '../dom.js';
import { DagCanvas, type DagGraph } from '../dag/dag-canvas.js';
import type { GraphAnswer, GraphRequest } from '../dag/graph-message.js';
import { JOB_STATUSES, type Project } from '../wire.js';
import type { View } from './view.js';

const REFRESH_MS = 5_000;

/**
 * A project's DAG (or the part of it connected to one job: its batch), coloured by status. Jobs
 * are read and laid out in a Web Worker; the page only draws, so it stays responsive with
 * thousands of nodes. Marks `dag:first-draw` for the bench.
 */
export const dagView: View = async (root, path, query) => {
  performance.clearMarks('dag:start');
  performance.clearMeasures('dag:first-draw');
  performance.mark('dag:start');
  const projectId = Number(path[1]);
  const around = query.get('around') === null ? null : Number(query.get('around'));
  // Read through the page's client first: a missing key is asked for before the worker needs it.
  const project = await get<Project>(`/projects/${projectId}`);

  const board = h('div', { class: 'dag', role: 'img', 'aria-label': `Dependency graph of project ${project.name}` });
  const legend = h('ul', { class: 'legend' });
  const status = h('p', { class: 'muted graph-summary' }, 'Reading the jobs…');
  const live = h('input', { type: 'checkbox', name: 'live', checked: true });
  const findInput = h('input', { type: 'number', name: 'find', placeholder: 'job id', min: 1, 'aria-label': 'Job id to find' });
  const dag = new DagCanvas(board, (jobId) => (location.hash = `#/jobs/${jobId}`));
  const canvas = dag.element;
  const find = (event: Event) => {
    event.preventDefault();
    if (!dag.centreOn(Number(findInput.value))) notify(`Job ${findInput.value} is not in this graph.`, true);
  };

  root.append(
    h('nav', { class: 'crumbs' }, h('a', { href: '#/' }, 'Projects'), ' / ', h('a', { href: `#/projects/${projectId}` }, project.name), ' / DAG'),
    h('h1', {}, around === null ? `DAG of ${project.name}` : `DAG around job #${around} (its batch) in ${project.name}`),
    h(
      'div',
      { class: 'filters' },
      h('form', { class: 'find', onsubmit: find }, findInput, h('button', { type: 'submit', class: 'small' }, 'Find')),
      h('button', { class: 'small', onclick: () => dag.fit() }, 'Fit'),
      around === null ? null : h('a', { href: `#/projects/${projectId}/dag` }, 'whole project'),
      h('label', {}, live, ' live refresh'),
      h('span', { class: 'muted' }, 'Drag to pan, wheel to zoom, click a node to open its job.'),
    ),
    legend,
    status,
    board,
  );

  let graph: DagGraph | null = null;
  let inFlight = false;
  let firstDraw = true;
  const worker = new Worker('/ui/dag-layout.js', { type: 'module' });
  const ask = () => {
    if (inFlight) return;
    inFlight = true;
    worker.postMessage({ projectId, apiKey: storedApiKey(), around } satisfies GraphRequest);
  };
  dag.onDrawn = () => {
    if (!firstDraw || graph === null) return;
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
    const positions = answer.layout ?? graph;
    if (positions === null) return;
    const fresh = graph === null;
    graph = { ids: answer.ids, statuses: answer.statuses, edges: answer.edges, x: positions.x, y: positions.y };
    dag.setGraph(graph, fresh || answer.layout !== null, answer.layout !== null);
    const counts = new Array<number>(JOB_STATUSES.length).fill(0);
    for (const s of answer.statuses) counts[s]!++;
    legend.replaceChildren(...JOB_STATUSES.map((s, i) => h('li', { 'data-status': s, 'data-count': counts[i]! }, statusBadge(s), ` ${counts[i]}`)));
    status.textContent = `${answer.ids.length} job(s), ${answer.edges.length / 2} dependencies${answer.layout ? `, ${answer.layout.layers} layers` : ''}.`;
    canvas.dataset['nodes'] = String(answer.ids.length);
  };
  ask();
  const timer = window.setInterval(() => live.checked && ask(), REFRESH_MS);
  return () => {
    window.clearInterval(timer);
    worker.terminate();
  };
};
