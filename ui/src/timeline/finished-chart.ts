import { svg, title } from '../svg.js';
import type { Throughput } from '../wire.js';
import { COMPLETED_COLOUR, FAILED_COLOUR } from './outcome-colours.js';
import { timeAxis, type TimeScale } from './time-axis.js';

const WIDTH = 1100;
const LEFT = 40;
const PLOT = 140;
const AXIS = 28;

/** Jobs finished per minute: a bar per minute with any, completed below and failed stacked on top. */
export const finishedChart = (answer: Throughput): SVGElement => {
  const most = Math.max(1, ...answer.minutes.map((m) => m.completed + m.failed));
  const since = Date.parse(answer.minutes[0]?.minute ?? answer.since);
  const until = since + answer.minutes.length * 60_000;
  const scale: TimeScale = { since, until, left: LEFT, width: WIDTH - LEFT - 10 };
  const slot = scale.width / Math.max(1, answer.minutes.length);
  const root = svg('svg', { class: 'finished-chart', viewBox: `0 0 ${WIDTH} ${PLOT + AXIS}`, width: '100%' });
  root.append(
    svg('text', { class: 'axis-label', x: LEFT - 6, y: 10, 'text-anchor': 'end' }, String(most)),
    svg('text', { class: 'axis-label', x: LEFT - 6, y: PLOT, 'text-anchor': 'end' }, '0'),
  );
  answer.minutes.forEach((minute, i) => {
    if (minute.completed + minute.failed === 0) return;
    const x = LEFT + i * slot + slot * 0.1;
    const width = Math.max(1, slot * 0.8);
    const completed = (minute.completed / most) * PLOT;
    const failed = (minute.failed / most) * PLOT;
    const bar = svg('g', { class: 'minute', 'data-minute': minute.minute, 'data-completed': minute.completed, 'data-failed': minute.failed });
    if (minute.completed > 0) bar.append(svg('rect', { class: 'bar-completed', x, y: PLOT - completed, width, height: completed, fill: COMPLETED_COLOUR }));
    if (minute.failed > 0) bar.append(svg('rect', { class: 'bar-failed', x, y: PLOT - completed - failed, width, height: failed, fill: FAILED_COLOUR }));
    bar.append(title(`${minute.minute.slice(11, 16)} UTC: ${minute.completed} completed, ${minute.failed} failed`));
    root.append(bar);
  });
  root.append(timeAxis(scale, PLOT + 2));
  return root;
};
