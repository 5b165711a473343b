import { get } from '../api.js';
import { h } from '../dom.js';
import { liveRefresh } from '../live-refresh.js';
import { finishedChart } from '../timeline/finished-chart.js';
import { outcomeColour } from '../timeline/outcome-colours.js';
import { runLanes } from '../timeline/run-lanes.js';
import { runTimeChart } from '../timeline/run-time-chart.js';
import { RUNS_LIMIT, type Project, type RunOutcome, type Runs, type Throughput } from '../wire.js';
import type { View } from './view.js';

const REFRESH_MS = 5_000;

/** The windows offered, by the `window` query parameter. */
const WINDOWS: Readonly<Record<string, { label: string; ms: number }>> = {
  '15m': { label: 'last 15 min', ms: 900_000 },
  '1h': { label: 'last hour', ms: 3_600_000 },
  '24h': { label: 'last 24 h', ms: 86_400_000 },
};

const OUTCOMES: readonly RunOutcome[] = ['RUNNING', 'COMPLETED', 'FAILED', 'LEASE_EXPIRED', 'RELEASED', 'CANCELLED'];

const legend = (): HTMLElement =>
  h('ul', { class: 'legend' }, ...OUTCOMES.map((outcome) => h('li', {}, h('span', { class: 'swatch', style: `background: ${outcomeColour(outcome)}` }), ` ${outcome.replace('_', ' ').toLowerCase()}`)));

/**
 * A project's runs in a recent window, one lane per worker, and what finished in it: per minute, and
 * run times per task. Both answers are bounded by the window (the server reads only its jobs).
 */
export const timelineView: View = async (root, path, query) => {
  const projectId = Number(path[1]);
  const chosen = WINDOWS[query.get('window') ?? ''] === undefined ? '1h' : query.get('window')!;
  const windowMs = WINDOWS[chosen]!.ms;
  const project = await get<Project>(`/projects/${projectId}`);
  const summary = h('p', { class: 'muted', 'aria-live': 'polite' });
  const lanes = h('div', { class: 'chart' });
  const finished = h('div', { class: 'chart' });
  const runTimes = h('div', { class: 'chart' });
  root.append(
    h('nav', { class: 'crumbs' }, h('a', { href: '#/' }, 'Projects'), ' / ', h('a', { href: `#/projects/${projectId}` }, project.name), ' / ', 'Timeline'),
    h('h1', {}, `Timeline of ${project.name}`),
    h(
      'p',
      { class: 'window-choice' },
      ...Object.entries(WINDOWS).map(([key, { label }]) =>
        h('a', { href: `#/projects/${projectId}/timeline?window=${key}`, class: key === chosen ? 'button chosen' : 'button', 'data-window': key }, label),
      ),
    ),
    summary,
    h('h2', {}, 'Runs by worker'),
    legend(),
    lanes,
    h('h2', {}, 'Jobs finished per minute'),
    finished,
    h('h2', {}, 'Run time per task'),
    h('p', { class: 'muted' }, 'Dark: the median run; light: the longest; the line: the mean. From the jobs that finished in the window.'),
    runTimes,
  );
  const refresh = async () => {
    const now = Date.now();
    const since = new Date(now - windowMs).toISOString();
    const until = new Date(now).toISOString();
    const window = `since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}`;
    const [runs, throughput] = await Promise.all([
      get<Runs>(`/projects/${projectId}/runs?${window}&limit=${RUNS_LIMIT}`),
      get<Throughput>(`/projects/${projectId}/throughput?${window}`),
    ]);
    const done = throughput.minutes.reduce((sum, m) => sum + m.completed + m.failed, 0);
    summary.replaceChildren(
      `${runs.runs.length.toLocaleString('en')} run(s) in the ${WINDOWS[chosen]!.label}`,
      runs.capped ? ` (the ${RUNS_LIMIT.toLocaleString('en')} newest: there are more)` : '',
      `; ${done.toLocaleString('en')} job(s) finished.`,
    );
    lanes.replaceChildren(runs.runs.length === 0 ? h('p', { class: 'muted' }, 'No run in this window.') : runLanes(runs, now));
    finished.replaceChildren(finishedChart(throughput));
    runTimes.replaceChildren(throughput.tasks.length === 0 ? h('p', { class: 'muted' }, 'No job finished after starting in this window.') : runTimeChart(throughput));
  };
  await refresh();
  return liveRefresh(REFRESH_MS, refresh);
};
