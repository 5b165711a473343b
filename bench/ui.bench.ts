import { buildDashboard } from '../ui/build.js';
import { createLogger } from '../src/adapters/logging/logger.js';
import { serverConfig } from '../src/bin/server-config.js';
import { startServer } from '../src/bin/start-server.js';
import { chromiumMissing, launchChromium } from '../test/ui/browser.js';

/**
 * `npm run bench:ui`: the dashboard's DAG view of a task of 5,000 jobs, in headless Chromium against a
 * real server (memory store). Figures: time to the first draw of the DAG (from entering the view,
 * and from navigation), and the main thread while panning, zooming and live-refreshing while jobs
 * change on the server: long tasks (PerformanceObserver 'longtask', > 50 ms) and frame intervals.
 */

const JOBS = Number(process.env['BENCH_UI_JOBS'] ?? 5_000);
const WIDTH = 100; // jobs per generation of the DAG
const LOAD_ROUNDS = 3;
const INTERACTION_MS = 12_000; // spans two live refreshes (every 5 s)

const missing = chromiumMissing();
if (missing !== null) {
  console.log(`bench:ui skipped: ${missing}`);
  process.exit(0);
}

await buildDashboard();
const server = await startServer(serverConfig({ host: '127.0.0.1', port: 0, database: 'memory' }, {}), createLogger('silent'));
const call = async (method: string, path: string, body?: unknown): Promise<any> => {
  const response = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
};

// A layered DAG: generations of WIDTH jobs, each depending on 1 to 3 jobs of the one before (deterministic).
const project = await call('POST', '/projects', { name: 'bench-ui' });
const task = await call('POST', '/tasks', { name: 'step', project_id: project.id });
const specs = Array.from({ length: JOBS }, (_, i) => {
  const generation = Math.floor(i / WIDTH);
  const parents = generation === 0 ? [] : [...new Set([0, 1, 2].slice(0, 1 + (i % 3)).map((k) => (generation - 1) * WIDTH + ((i * 7 + k * 31) % WIDTH)))];
  return { name: `job-${i}`, task_id: task.id, parameters: { i, lr: 0.001 }, depends_on: parents.map((position) => ({ position })) };
});
const { job_ids: ids } = await call('POST', `/projects/${project.id}/jobs/batch`, { jobs: specs });
await call('POST', '/clients/register', { id: 'bench-worker', name: 'bench', entity: 'bench', available_cpu: 1000 });

/** Claims up to `count` ready jobs and completes them (or only starts them), as a worker would report. */
const work = async (count: number, complete: boolean): Promise<number> => {
  const claim = await call('GET', `/projects/${project.id}/fetch_job?client_id=bench-worker&available_cpu=1000&limit=${count}`);
  const claimed = [claim.job, ...(claim.more ?? []).map((m: { job: unknown }) => m.job)].filter((job) => job !== null) as { id: number }[];
  if (claimed.length === 0) return 0;
  const reports = claimed.flatMap((job) => [{ job_id: job.id, action: 'start' }, ...(complete ? [{ job_id: job.id, action: 'complete' }] : [])]);
  await call('POST', '/jobs/reports', { client_id: 'bench-worker', reports });
  return claimed.length;
};
// Every status on screen: completed generations, running jobs, and cancelled ones blocking their descendants.
for (let done = 0; done < 3 * WIDTH; ) done += await work(100, true);
await work(40, false);
for (const index of [20 * WIDTH + 5, 30 * WIDTH + 50]) if (index < ids.length) await call('POST', `/jobs/${ids[index]}/cancel`);
const stats = await call('GET', `/projects/${project.id}/stats`);

const browser = await launchChromium({ width: 1280, height: 860 });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (ms: number) => Math.round(ms);

// Long tasks are collected from the very start of each page.
const OBSERVE = `window.__longTasks = []; new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });`;

const loads: { viewToDraw: number; navigationToDraw: number; longest: number }[] = [];
for (let r = 0; r < LOAD_ROUNDS; r++) {
  const page = await browser.context.newPage();
  await page.addInitScript(OBSERVE);
  // The task's jobs: the whole DAG here, one task of 5,000 jobs (the most a slice holds).
  await page.goto(`${server.url}/ui#/projects/${project.id}/dag?task=${task.id}`);
  await page.locator(`canvas.dag-nodes[data-nodes="${JOBS}"]`).waitFor({ timeout: 120_000 });
  await page.waitForFunction(`performance.getEntriesByName('dag:first-draw').length === 1`);
  const measured = (await page.evaluate(`(() => { const m = performance.getEntriesByName('dag:first-draw')[0]; return { viewToDraw: m.duration, navigationToDraw: m.startTime + m.duration, longest: Math.max(0, ...window.__longTasks) }; })()`)) as (typeof loads)[number];
  loads.push(measured);
  if (r < LOAD_ROUNDS - 1) await page.close();
}

// Panning and zooming for INTERACTION_MS while live refresh runs and jobs complete on the server.
const page = browser.context.pages().at(-1)!;
await page.evaluate(`window.__longTasks = []; window.__frames = []; (() => { let last = performance.now(); const tick = (now) => { window.__frames.push(now - last); last = now; if (!window.__stopFrames) requestAnimationFrame(tick); }; requestAnimationFrame(tick); })()`);
const box = (await page.locator('canvas.dag-nodes').boundingBox())!;
const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
const started = Date.now();
let serverChanges = 0;
const churn = (async () => {
  while (Date.now() - started < INTERACTION_MS) {
    serverChanges += await work(20, true);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
})();
let gestures = 0;
while (Date.now() - started < INTERACTION_MS) {
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.down();
  for (let step = 1; step <= 10; step++) await page.mouse.move(centre.x + step * 15 * (gestures % 2 ? -1 : 1), centre.y + step * 8);
  await page.mouse.up();
  await page.mouse.wheel(0, gestures % 4 < 2 ? -240 : 240);
  gestures++;
}
await churn;
const interaction = (await page.evaluate(`(() => { window.__stopFrames = true; const f = window.__frames.slice(1).sort((a, b) => a - b); return { longTasks: window.__longTasks.length, longest: Math.max(0, ...window.__longTasks), frames: f.length, p50: f[Math.floor(f.length / 2)], p95: f[Math.floor(f.length * 0.95)], worstFrame: f[f.length - 1] }; })()`)) as {
  longTasks: number;
  longest: number;
  frames: number;
  p50: number;
  p95: number;
  worstFrame: number;
};
const legend = await page.locator('.graph-summary').innerText();

await browser.close();
await server.close();

const by = Object.entries(stats.by_status as Record<string, number>).map(([s, n]) => `${s} ${n}`).join(', ');
console.log(`bench:ui — DAG view, ${JOBS} jobs (${legend.replace(/\.$/, '')}; ${by}), headless Chromium ${LOAD_ROUNDS} loads`);
console.log(`  first draw of the DAG, from entering the view: median ${round(median(loads.map((l) => l.viewToDraw)))} ms (${loads.map((l) => round(l.viewToDraw)).join(', ')})`);
console.log(`  first draw of the DAG, from navigation start:  median ${round(median(loads.map((l) => l.navigationToDraw)))} ms`);
console.log(`  longest main-thread task while loading:        median ${round(median(loads.map((l) => l.longest)))} ms (0 = none over 50 ms)`);
console.log(`  ${INTERACTION_MS / 1000} s of panning and zooming (${gestures} gestures) with live refresh while ${serverChanges} jobs completed on the server:`);
console.log(`    long tasks (> 50 ms): ${interaction.longTasks}, longest ${round(interaction.longest)} ms`);
console.log(`    frame intervals: p50 ${interaction.p50.toFixed(1)} ms, p95 ${interaction.p95.toFixed(1)} ms, worst ${interaction.worstFrame.toFixed(1)} ms over ${interaction.frames} frames`);
process.exit(0);
