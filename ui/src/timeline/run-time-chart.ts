import { svg, title } from '../svg.js';
import type { Throughput } from '../wire.js';

const WIDTH = 1100;
const LABEL = 150;
const ROW = 26;
const RIGHT = 190;

/** "850 ms", "12.4 s", "3.2 min", "1.5 h". */
export const duration = (ms: number): string => {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
};

/** Run time per task: a light bar to the longest run, a dark one to the median, a tick at the mean. */
export const runTimeChart = (answer: Throughput): SVGElement => {
  const longest = Math.max(1, ...answer.tasks.map((task) => task.max_ms));
  const width = WIDTH - LABEL - RIGHT;
  const root = svg('svg', { class: 'run-times', viewBox: `0 0 ${WIDTH} ${Math.max(1, answer.tasks.length) * ROW}`, width: '100%' });
  answer.tasks.forEach((task, i) => {
    const x = (ms: number) => LABEL + (ms / longest) * width;
    const row = svg('g', { class: 'task', 'data-task-id': task.task_id, 'data-runs': task.runs, transform: `translate(0 ${i * ROW})` });
    row.append(
      svg('text', { class: 'lane-name', x: LABEL - 8, y: ROW / 2 + 4, 'text-anchor': 'end' }, task.task_name),
      svg('rect', { class: 'max', x: LABEL, y: 5, width: Math.max(1, x(task.max_ms) - LABEL), height: ROW - 10 }),
      svg('rect', { class: 'p50', x: LABEL, y: 5, width: Math.max(1, x(task.p50_ms) - LABEL), height: ROW - 10 }),
      svg('line', { class: 'mean', x1: x(task.mean_ms), x2: x(task.mean_ms), y1: 2, y2: ROW - 2 }),
      svg('text', { class: 'figures', x: WIDTH - RIGHT + 8, y: ROW / 2 + 4 }, `${task.runs} run(s), median ${duration(task.p50_ms)}`),
      title(`${task.task_name}: ${task.runs} run(s); median ${duration(task.p50_ms)}, mean ${duration(task.mean_ms)}, longest ${duration(task.max_ms)}`),
    );
    root.append(row);
  });
  return root;
};
