import type { ProjectGraph } from '../wire.js';
import { JOB_STATUSES } from '../wire.js';
import { layeredLayout, LAYER_GAP_Y, NODE_GAP_X } from './layered-layout.js';
import { svg } from '../svg.js';
import { STATUS_COLOURS } from './status-colours.js';

const BOX_WIDTH = 240;
const BOX_HEIGHT = 74;
const GAP_X = 90;
const GAP_Y = 70;
const MARGIN = 24;

const count = (n: number): string => n.toLocaleString('en');

/**
 * The DAG condensed by task as an SVG: a box per task (its name, its jobs, a bar of their statuses)
 * and an arrow from each task to the tasks whose jobs wait on it, labelled with the number of
 * dependencies. Placed by the same layered layout as the jobs' graph; a task's dependencies on
 * its own jobs are written in its box, not drawn. `open` is called with the task clicked.
 */
export const taskGraphSvg = (graph: ProjectGraph, open: (taskId: number) => void): SVGElement => {
  const index = new Map(graph.tasks.map((task, i) => [task.task_id, i]));
  const between = graph.dependencies.filter((d) => d.task_id !== d.depends_on_task_id && index.has(d.task_id) && index.has(d.depends_on_task_id));
  const edges = Int32Array.from(between.flatMap((d) => [index.get(d.depends_on_task_id)!, index.get(d.task_id)!]));
  const layout = layeredLayout(graph.tasks.length, edges);
  // The layout's units are a job node's gaps; a task's box is larger.
  const xs = Array.from(layout.x, (x) => (x / NODE_GAP_X) * (BOX_WIDTH + GAP_X));
  const ys = Array.from(layout.y, (y) => (y / LAYER_GAP_Y) * (BOX_HEIGHT + GAP_Y));
  const minX = Math.min(0, ...xs) - BOX_WIDTH / 2 - MARGIN;
  const width = Math.max(0, ...xs) + BOX_WIDTH / 2 + MARGIN - minX;
  const height = Math.max(0, ...ys) + BOX_HEIGHT + 2 * MARGIN;
  const root = svg('svg', { class: 'task-graph', viewBox: `${minX} ${-MARGIN} ${width} ${height}`, width: '100%', height: Math.min(height, 2000), role: 'group' });
  root.append(
    svg('defs', {}, svg('marker', { id: 'task-arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#8a94a3' }))),
  );

  for (const d of between) {
    const from = index.get(d.depends_on_task_id)!;
    const to = index.get(d.task_id)!;
    let path: string;
    let label: [number, number];
    if (ys[to]! > ys[from]!) {
      // Downwards, bottom to top: the usual case.
      const [x1, y1, x2, y2] = [xs[from]!, ys[from]! + BOX_HEIGHT, xs[to]!, ys[to]!];
      const bend = Math.max(30, (y2 - y1) / 2);
      path = `M ${x1} ${y1} C ${x1} ${y1 + bend}, ${x2} ${y2 - bend}, ${x2} ${y2}`;
      label = [(x1 + x2) / 2 + 6, (y1 + y2) / 2];
    } else {
      // Tasks whose jobs depend on each other both ways share a layer: side to side, one arc above, the other below.
      const rightwards = xs[to]! >= xs[from]!;
      const side = rightwards ? 1 : -1;
      const [x1, x2] = [xs[from]! + (side * BOX_WIDTH) / 2, xs[to]! - (side * BOX_WIDTH) / 2];
      const [y1, y2] = [ys[from]! + BOX_HEIGHT / 2 + (rightwards ? -12 : 12), ys[to]! + BOX_HEIGHT / 2 + (rightwards ? -12 : 12)];
      const lift = rightwards ? -28 : 28;
      path = `M ${x1} ${y1} C ${x1 + side * 20} ${y1 + lift}, ${x2 - side * 20} ${y2 + lift}, ${x2} ${y2}`;
      label = [(x1 + x2) / 2 - 4, (y1 + y2) / 2 + lift * 0.75 + (rightwards ? 0 : 8)];
    }
    root.append(
      svg(
        'g',
        { class: 'task-edge', 'data-from': d.depends_on_task_id, 'data-to': d.task_id, 'data-count': d.count },
        svg('path', { d: path, fill: 'none', stroke: '#8a94a3', 'stroke-width': 1.5, 'marker-end': 'url(#task-arrow)' }),
        svg('text', { x: label[0], y: label[1], class: 'edge-count' }, count(d.count)),
      ),
    );
  }

  graph.tasks.forEach((task, i) => {
    const x = xs[i]! - BOX_WIDTH / 2;
    const y = ys[i]!;
    const within = graph.dependencies.find((d) => d.task_id === task.task_id && d.depends_on_task_id === task.task_id)?.count ?? 0;
    const bar: SVGElement[] = [];
    let at = 0;
    JOB_STATUSES.forEach((status, s) => {
      const n = task.by_status[status] ?? 0;
      if (n === 0 || task.total === 0) return;
      const w = ((BOX_WIDTH - 20) * n) / task.total;
      bar.push(svg('rect', { x: x + 10 + at, y: y + 46, width: Math.max(w, 1), height: 10, fill: STATUS_COLOURS[s]!, 'data-status': status, 'data-count': n }));
      at += w;
    });
    const counts = JOB_STATUSES.filter((status) => (task.by_status[status] ?? 0) > 0).map((status) => `${status} ${count(task.by_status[status]!)}`);
    const node = svg(
      'g',
      { class: 'task-node', 'data-task-id': task.task_id, 'data-total': task.total, tabindex: 0, role: 'link', 'aria-label': `Task ${task.task_name}: ${count(task.total)} jobs. Open its jobs.` },
      svg('title', {}, `${task.task_name}: ${counts.join(', ')}${within > 0 ? `; ${count(within)} dependencies within the task` : ''}`),
      svg('rect', { x, y, width: BOX_WIDTH, height: BOX_HEIGHT, rx: 6, class: 'task-box' }),
      svg('text', { x: x + 10, y: y + 20, class: 'task-name' }, task.task_name),
      svg('text', { x: x + 10, y: y + 38, class: 'task-total' }, `${count(task.total)} job(s)${within > 0 ? ` · ${count(within)} deps within` : ''}`),
      ...bar,
      svg('text', { x: x + 10, y: y + 69, class: 'task-counts' }, counts.slice(0, 3).join(' · ')),
    );
    node.addEventListener('click', () => open(task.task_id));
    node.addEventListener('keydown', (event) => (event as KeyboardEvent).key === 'Enter' && open(task.task_id));
    root.append(node);
  });
  return root;
};
