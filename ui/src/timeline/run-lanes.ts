import { svg, title } from '../svg.js';
import { timestamp } from '../dom.js';
import type { Run, Runs } from '../wire.js';
import { outcomeColour } from './outcome-colours.js';
import { timeAxis, xOf, type TimeScale } from './time-axis.js';

const WIDTH = 1100;
const LABEL = 150;
const LANE = 26;
const BAR = 16;
const AXIS = 28;
/** A bar of a very short run still shows. */
const MIN_BAR = 2;

const NO_WORKER = 'without a worker id';

const hover = (run: Run): string =>
  [
    `#${run.job_id} ${run.name} (task ${run.task_name}), attempt ${run.attempt}: ${run.outcome}`,
    `claimed ${timestamp(run.claimed_at)}`,
    `started ${timestamp(run.started_at)}`,
    `finished ${run.finished_at === null ? '— (running)' : timestamp(run.finished_at)}`,
  ].join('\n');

/** One lane per worker (by name), a bar per run from its start (or claim) to its end (or now); click opens the job. */
export const runLanes = (answer: Runs, now: number): SVGElement => {
  const workers = [...new Set(answer.runs.map((run) => run.worker ?? NO_WORKER))].sort();
  const height = workers.length * LANE + AXIS;
  const scale: TimeScale = { since: Date.parse(answer.since), until: Math.min(Date.parse(answer.until), Math.max(now, Date.parse(answer.since) + 1)), left: LABEL, width: WIDTH - LABEL - 10 };
  const root = svg('svg', { class: 'run-lanes', viewBox: `0 0 ${WIDTH} ${height}`, width: '100%', 'data-runs': answer.runs.length });
  workers.forEach((worker, i) => {
    const lane = svg('g', { class: 'lane', 'data-worker': worker, transform: `translate(0 ${i * LANE})` });
    lane.append(
      svg('rect', { class: 'lane-back', x: LABEL, y: 0, width: scale.width, height: LANE - 2 }),
      svg('text', { class: 'lane-name', x: LABEL - 8, y: LANE / 2 + 4, 'text-anchor': 'end' }, worker.length > 22 ? `…${worker.slice(-21)}` : worker, title(worker)),
    );
    for (const run of answer.runs.filter((r) => (r.worker ?? NO_WORKER) === worker)) {
      const x = xOf(scale, Date.parse(run.started_at ?? run.claimed_at));
      const end = xOf(scale, run.finished_at === null ? now : Date.parse(run.finished_at));
      const bar = svg('rect', {
        class: 'run',
        'data-job-id': run.job_id,
        'data-outcome': run.outcome,
        x,
        y: (LANE - 2 - BAR) / 2,
        width: Math.max(MIN_BAR, end - x),
        height: BAR,
        fill: outcomeColour(run.outcome),
        tabindex: 0,
      });
      bar.append(title(hover(run)));
      const openJob = () => (location.hash = `#/jobs/${run.job_id}`);
      bar.addEventListener('click', openJob);
      // Bars of short runs overlap: the keyboard reaches each one.
      bar.addEventListener('keydown', (event) => (event as KeyboardEvent).key === 'Enter' && openJob());
      lane.append(bar);
    }
    root.append(lane);
  });
  root.append(timeAxis(scale, workers.length * LANE + 2));
  return root;
};
