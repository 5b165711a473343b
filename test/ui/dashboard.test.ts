import { fileURLToPath } from 'node:url';
import anyTest, { type TestFn } from 'ava';
import type { Page } from 'playwright-core';
import { buildDashboard } from '../../ui/build.js';
import { rawValueAt, startTestServer, unique, type TestServer } from '../http/server-harness.js';
import { chromiumMissing, launchChromium, type Browser } from './browser.js';
import { LOG_TAIL, seedLab, type SeededLab } from './seed-lab.js';
import { seedTimeline } from './seed-timeline.js';

/**
 * The dashboard in a real Chromium against a real server (memory store) holding a seeded DAG:
 * every view, the actions with their confirmation dialogs, and the API-key prompt. The views'
 * screenshots go to docs/screenshots/ (README "Dashboard").
 */

interface Context {
  server: TestServer;
  browser: Browser;
  lab: SeededLab;
}
const test = anyTest as TestFn<Context>;
const screenshot = (name: string) => fileURLToPath(new URL(`../../docs/screenshots/${name}.png`, import.meta.url));

const missing = chromiumMissing();
if (missing !== null) {
  test.skip(`dashboard: skipped, ${missing}`, () => {});
} else {
  test.before(async (t) => {
    await buildDashboard();
    const server = await startTestServer('memory');
    const lab = await seedLab(server.http, 'vision');
    t.context = { server, browser: await launchChromium(), lab };
  });
  test.after.always(async (t) => {
    await t.context.browser?.close();
  });

  /** A fresh tab on a view; page errors fail the test that opened it. */
  const open = async (t: { context: Context; teardown: (fn: () => unknown) => void; fail: (message: string) => void }, hash: string): Promise<Page> => {
    const page = await t.context.browser.context.newPage();
    page.on('pageerror', (error) => t.fail(`page error on #${hash}: ${error.message}`));
    t.teardown(() => page.close());
    await page.goto(`${t.context.server.url}/ui#${hash}`);
    return page;
  };
  const confirmDialog = async (page: Page) => page.locator('dialog.confirm-dialog button[value=confirm]').click();
  // Expressions run in the page (the tests' tsconfig has no DOM types).
  const rowsShown = (page: Page, count: number) => page.waitForFunction(`document.querySelectorAll('table.jobs tr[data-job-id]').length === ${count}`);
  const firstRowIs = (page: Page, id: number) =>
    page.waitForFunction(`document.querySelector('table.jobs tr[data-job-id]')?.getAttribute('data-job-id') === '${id}'`);
  /** The parameters' text exactly as the API returns it. */
  const storedParameters = async (t: { context: Context }, id: number): Promise<string> =>
    rawValueAt((await t.context.server.http.get(`/jobs/${id}`)).text, ['parameters'])!;
  const jobStatus = async (t: { context: Context }, id: number): Promise<string> => (await t.context.server.http.get(`/jobs/${id}`)).body.status;
  /** The history table's rows as shown, tab-separated cells; waits for `count` changes first. */
  const historyRows = async (page: Page, count: number): Promise<string[]> => {
    await page.waitForFunction(`document.querySelectorAll('table.history tr.change').length === ${count}`);
    return page.locator('table.history tbody tr').evaluateAll((rows) => rows.map((row) => (row as { innerText: string }).innerText.replace(/[ \t]+/g, ' ').trim()));
  };
  const TIME = '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC';
  /** Each row matches its pattern, with TIME for the timestamp. */
  const rowsMatch = (t: { regex: (value: string, pattern: RegExp) => void; is: (a: unknown, b: unknown) => void }, rows: string[], patterns: string[]) => {
    t.is(rows.length, patterns.length);
    rows.forEach((text, i) => t.regex(text, new RegExp(`^${patterns[i]!.replace('TIME', TIME)}$`)));
  };

  test.serial('the projects view lists every project with its jobs counted by status', async (t) => {
    const page = await open(t, '/');
    const row = page.locator(`tr[data-project-id="${t.context.lab.projectId}"]`);
    await row.waitFor();
    t.is(await row.locator('td a').first().innerText(), 'vision');
    const counts = Object.fromEntries(
      await Promise.all(['pending', 'running', 'failed', 'blocked', 'completed'].map(async (s) => [s, await row.locator(`.count-${s}`).innerText()])),
    );
    t.deepEqual(counts, { pending: '7', running: '1', failed: '1', blocked: '1', completed: '0' });
    await page.screenshot({ path: screenshot('projects') });
  });

  test.serial("the queue view filters by status and task, sorts and pages the project's jobs", async (t) => {
    const { jobs, projectId, trainTaskId } = t.context.lab;
    const page = await open(t, `/projects/${projectId}`);
    await page.locator('tr[data-job-id]').first().waitFor();
    const ids = async () => (await page.locator('table.jobs tr[data-job-id]').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-job-id')))));
    t.deepEqual(await ids(), Object.values(jobs).sort((a, b) => a - b));
    t.is(await page.locator(`tr[data-job-id="${jobs['download']}"] code.parameters`).innerText(), await storedParameters(t, jobs['download']!));
    await page.screenshot({ path: screenshot('queue'), fullPage: true });

    await page.selectOption('select[name=status]', 'FAILED');
    await rowsShown(page, 1);
    t.deepEqual(await ids(), [jobs['crash']]);
    t.true(page.url().includes('status=FAILED'), 'the filter is in the address, for links');

    await page.selectOption('select[name=status]', '');
    await page.selectOption('select[name=task]', String(trainTaskId));
    await rowsShown(page, 2);
    t.deepEqual(await ids(), [jobs['train'], jobs['train-baseline']]);

    await page.selectOption('select[name=task]', '');
    await page.selectOption('select[name=sort]', 'id-desc');
    await firstRowIs(page, jobs['long-run']!);
    t.deepEqual(await ids(), Object.values(jobs).sort((a, b) => b - a));
    await page.selectOption('select[name=sort]', 'claim');
    await firstRowIs(page, jobs['crash']!);
    t.is((await ids())[1], jobs['long-run'], 'priority 10, then priority 5, then by id');
    t.regex(await page.locator('.pager').innerText(), /page 1 of 1 \(10 job\(s\)\)/);
  });

  test.serial('the job view shows the parameters as stored, the history, the lease and why a job waits', async (t) => {
    const { jobs } = t.context.lab;
    const download = await open(t, `/jobs/${jobs['download']}`);
    await download.locator('pre.parameters').waitFor();
    const stored = await storedParameters(t, jobs['download']!);
    t.is(await download.locator('pre.parameters').textContent(), stored);
    t.regex(stored, /^\{"lr": ?1\.0, ?"seed": ?1152921504606846976, ?"dataset": ?"ünï-☃"\}$/, 'key order, 1.0 and 2^60 as submitted');
    t.is(await download.locator('.reason').getAttribute('data-reason'), 'ready');

    const train = await open(t, `/jobs/${jobs['train']}`);
    await train.locator('.reason').waitFor();
    t.is(await train.locator('.reason').innerText(), `Waiting for dependencies ${jobs['split']}, ${jobs['augment']}.`);

    const baseline = await open(t, `/jobs/${jobs['train-baseline']}`);
    await baseline.locator('.reason').waitFor();
    t.is(await baseline.locator('.reason').getAttribute('data-reason'), 'no-worker-fits');
    t.regex(await baseline.locator('.reason').innerText(), /No registered active worker with enough resources: the task needs 64 CPU, 2 accelerator/);
    await baseline.screenshot({ path: screenshot('job-pending'), fullPage: true });

    const report = await open(t, `/jobs/${jobs['report']}`);
    await report.locator('.reason').waitFor();
    t.is(await report.locator('.reason').innerText(), `Blocked by job ${jobs['crash']} (retry it to unblock this one).`);

    const crash = await open(t, `/jobs/${jobs['crash']}`);
    await crash.locator('pre.log-tail').waitFor();
    t.is(await crash.locator('pre.log-tail').textContent(), LOG_TAIL);
    const details = await crash.locator('main').innerText();
    t.regex(details, /Failure reason\s+exit code 2/);
    t.regex(details, /Exit code\s+2/);
    t.regex(details, /Attempts\s+1 of at most 3/);
    t.regex(details, /Started\s+\d{4}-\d\d-\d\d/);
    t.regex(details, /Finished\s+\d{4}-\d\d-\d\d/);
    rowsMatch(t, await historyRows(crash, 3), [
      'TIME Created as PENDING',
      'TIME PENDING → QUEUED vision-worker 1',
      'TIME QUEUED → RUNNING vision-worker 1',
      'TIME RUNNING → FAILED vision-worker 1 exit code 2',
    ]);
    await crash.screenshot({ path: screenshot('job-failed'), fullPage: true });

    const running = await open(t, `/jobs/${jobs['long-run']}`);
    await running.locator('table.details').first().waitFor();
    const lease = await running.locator('main').innerText();
    t.regex(lease, /Lease owner\s+vision-worker/);
    t.regex(lease, /Lease expires\s+\d{4}-\d\d-\d\d/);
  });

  test.serial('the timeline shows a lane per worker, a bar per run coloured by outcome, and the charts', async (t) => {
    const { projectId, outcomes } = await seedTimeline(t.context.server.http, unique('timeline'));
    const queue = await open(t, `/projects/${projectId}`);
    await queue.locator('a', { hasText: 'Show the timeline' }).click();
    await queue.waitForURL(new RegExp(`#/projects/${projectId}/timeline$`));
    await queue.close();

    const page = await open(t, `/projects/${projectId}/timeline?window=15m`);
    await page.locator('svg.run-lanes[data-runs="6"]').waitFor();
    const lanes = await page.locator('svg.run-lanes g.lane').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-worker')));
    t.is(lanes.length, 2);
    t.true(lanes.every((worker) => /-gpu-[ab]$/.test(worker ?? '')), lanes.join());
    for (const [outcome, count] of Object.entries(outcomes)) t.is(await page.locator(`rect.run[data-outcome="${outcome}"]`).count(), count, outcome);
    for (const lane of lanes) t.is(await page.locator(`g.lane[data-worker="${lane}"] rect.run`).count(), 3, `${lane} ran three jobs`);
    t.regex((await page.locator('rect.run[data-outcome="FAILED"] title').textContent()) ?? '', /^#\d+ t2 \(task train\), attempt 1: FAILED\nclaimed /);
    // Every finished run is one job finished: 4 completed and 1 failed, over the minutes they fell in.
    const finished = await page
      .locator('svg.finished-chart g.minute')
      .evaluateAll((gs) => gs.reduce((sum, g) => [sum[0]! + Number(g.getAttribute('data-completed')), sum[1]! + Number(g.getAttribute('data-failed'))], [0, 0]));
    t.deepEqual(finished, [4, 1]);
    t.true((await page.locator('svg.finished-chart rect.bar-completed').count()) >= 1);
    t.true((await page.locator('svg.finished-chart rect.bar-failed').count()) >= 1);
    const runTimes = await page.locator('svg.run-times g.task').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-runs')));
    t.deepEqual(runTimes, ['3', '2'], 'train: 2 completed and 1 failed; eval: 2 completed (the running one has no run time yet)');
    t.is(await page.locator('.window-choice a.chosen').getAttribute('data-window'), '15m');
    await page.screenshot({ path: screenshot('timeline'), fullPage: true });

    // Short runs' bars overlap: the keyboard opens the one a click could miss.
    await page.locator('rect.run[data-outcome="FAILED"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/jobs\/\d+$/);
  });

  test.serial('the workers view shows capacity, held jobs and the last heartbeat', async (t) => {
    const page = await open(t, '/workers');
    const row = page.locator('tr[data-worker-id="vision-worker"]');
    await row.waitFor();
    const text = await row.innerText();
    t.regex(text, /gpu-box-1/);
    t.regex(text, /\t4\t1\tany\t/, 'CPU 4, 1 accelerator, memory unlimited');
    t.regex(text, /\d+ s ago/);
    t.is(await row.locator(`a[href="#/jobs/${t.context.lab.jobs['long-run']}"]`).count(), 1, 'the job it runs');
    await page.screenshot({ path: screenshot('workers') });
  });

  test.serial('the DAG view opens on the tasks with their counts; a task opens its jobs; a batch can be drawn alone', async (t) => {
    const { jobs, projectId, prepareTaskId, trainTaskId } = t.context.lab;
    const page = await open(t, `/projects/${projectId}/dag`);
    await page.locator('g.task-node').nth(1).waitFor();
    t.is(await page.locator('g.task-node').count(), 2);
    t.is(await page.locator(`g.task-node[data-task-id="${prepareTaskId}"]`).getAttribute('data-total'), '8');
    t.is(await page.locator(`g.task-node[data-task-id="${trainTaskId}"]`).getAttribute('data-total'), '2');
    t.is(await page.locator(`g.task-node[data-task-id="${prepareTaskId}"] rect[data-status=FAILED]`).getAttribute('data-count'), '1');
    // split and augment feed train; train feeds evaluate; three dependencies stay within prepare.
    t.is(await page.locator(`g.task-edge[data-from="${prepareTaskId}"][data-to="${trainTaskId}"]`).getAttribute('data-count'), '2');
    t.is(await page.locator(`g.task-edge[data-from="${trainTaskId}"][data-to="${prepareTaskId}"]`).getAttribute('data-count'), '1');
    t.is(await page.locator('.legend li[data-status=PENDING]').getAttribute('data-count'), '7');
    t.regex(await page.locator('.graph-summary').innerText(), /2 task\(s\), 10 job\(s\), 6 dependencies \(3 between tasks, 3 within one\)/);
    await page.screenshot({ path: screenshot('dag') });

    await page.locator(`g.task-node[data-task-id="${trainTaskId}"]`).click();
    await page.waitForURL(new RegExp(`#/projects/${projectId}/dag\\?task=${trainTaskId}$`));
    await page.locator('canvas.dag-nodes[data-nodes="2"]').waitFor();
    t.regex(await page.locator('.graph-summary').innerText(), /^2 job\(s\), 0 dependencies, 3 more to jobs outside \(1 purple task node\(s\)\)/);
    t.is(await page.locator('.slice-bounds').innerText(), 'Task train: all 2 of its jobs.');
    await page.locator('canvas.dag-edges[data-edges="2"]').waitFor();

    const prepare = await open(t, `/projects/${projectId}/dag?task=${prepareTaskId}`);
    await prepare.locator('canvas.dag-nodes[data-nodes="8"]').waitFor();
    t.is(await prepare.locator('.legend li[data-status=FAILED]').getAttribute('data-count'), '1');
    t.regex(await prepare.locator('.graph-summary').innerText(), /^8 job\(s\), 3 dependencies, 3 more to jobs outside \(1 purple task node\(s\)\), \d+ layers/);
    // Three inside, and one line to the train node each for split and augment (train waits on them) and evaluate (it waits on train).
    await prepare.locator('canvas.dag-edges[data-edges="6"]').waitFor();
    await prepare.screenshot({ path: screenshot('dag-task') });
    await prepare.fill('input[name=find]', String(jobs['split']));
    await prepare.click('form.find button');
    await prepare.locator('canvas.dag-nodes').click();
    await prepare.waitForURL(new RegExp(`#/jobs/${jobs['split']}$`));
    await prepare.locator('.reason').waitFor();

    const batch = await open(t, `/projects/${projectId}/dag?around=${jobs['crash']}`);
    await batch.locator('canvas.dag-nodes[data-nodes="2"]').waitFor();
    t.is(await batch.locator('.legend li[data-status=BLOCKED]').getAttribute('data-count'), '1');
    t.regex(await batch.locator('.graph-summary').innerText(), /^2 job\(s\), 1 dependencies, 1 layers|^2 job\(s\), 1 dependencies, 2 layers/);
  });

  test.serial('a task of more than 5,000 jobs opens 5,000 at a time, saying so, with a link to the next ones', async (t) => {
    const { http } = t.context.server;
    const project = (await http.post('/projects', { name: 'sweep' })).body;
    const task = (await http.post('/tasks', { name: 'grid', project_id: project.id })).body;
    const batch = await http.post(`/projects/${project.id}/jobs/batch`, { jobs: Array.from({ length: 5_001 }, (_, i) => ({ name: `point-${i}`, task_id: task.id })) });
    t.is(batch.status, 201, batch.text);
    const ids = batch.body.job_ids as number[];
    const page = await open(t, `/projects/${project.id}/dag?task=${task.id}`);
    await page.locator('canvas.dag-nodes[data-nodes="5000"]').waitFor();
    t.is(await page.locator('.slice-bounds').innerText(), 'Task grid: 5,000 of its 5,001 jobs. Next 5,000 →');
    await page.locator('a.next-slice').click();
    await page.waitForURL(new RegExp(`after=${ids[4_999]}$`));
    await page.locator('canvas.dag-nodes[data-nodes="1"]').waitFor();
    t.is(await page.locator('.slice-bounds').innerText(), `Task grid: 1 of its 5,001 jobs after job #${ids[4_999]}. First 5,000`);
  });

  test.serial('cancel and retry a job after confirming, and see its state change', async (t) => {
    const { jobs, projectId } = t.context.lab;
    const page = await open(t, `/projects/${projectId}`);
    const lint = page.locator(`tr[data-job-id="${jobs['lint']}"]`);
    await lint.locator('.status-pending').waitFor();

    await lint.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('dialog.confirm-dialog button[value=cancel]').click();
    t.is(await jobStatus(t, jobs['lint']!), 'PENDING', 'keeping the job does nothing');

    await lint.getByRole('button', { name: 'Cancel' }).click();
    await confirmDialog(page);
    await lint.locator('.status-cancelled').waitFor();
    t.is(await jobStatus(t, jobs['lint']!), 'CANCELLED');

    await lint.getByRole('button', { name: 'Retry' }).click();
    await confirmDialog(page);
    await lint.locator('.status-pending').waitFor();
    t.is(await jobStatus(t, jobs['lint']!), 'PENDING');
    const lintPage = await open(t, `/jobs/${jobs['lint']}`);
    rowsMatch(t, await historyRows(lintPage, 2), ['TIME Created as PENDING', 'TIME PENDING → CANCELLED — 0', 'TIME CANCELLED → PENDING — 0']);

    // From the job's own page: cancel the running job.
    const running = await open(t, `/jobs/${jobs['long-run']}`);
    await running.getByRole('button', { name: 'Cancel job' }).click();
    await confirmDialog(running);
    await running.locator('h1 .status-cancelled').waitFor();
    t.is(await jobStatus(t, jobs['long-run']!), 'CANCELLED');
    rowsMatch(t, await historyRows(running, 3), [
      'TIME Created as PENDING',
      'TIME PENDING → QUEUED vision-worker 1',
      'TIME QUEUED → RUNNING vision-worker 1',
      'TIME RUNNING → CANCELLED vision-worker 1',
    ]);
  });

  test.serial('retry every failed job of a task: what it blocked comes back too', async (t) => {
    const { jobs, projectId, prepareTaskId } = t.context.lab;
    const page = await open(t, `/projects/${projectId}`);
    const prepare = page.locator(`tr[data-task-id="${prepareTaskId}"]`);
    await prepare.getByRole('button', { name: 'Retry 1 failed' }).click();
    await confirmDialog(page);
    await page.locator('#notice', { hasText: 'Retried 1 job(s) of task "prepare"' }).waitFor();
    t.is(await jobStatus(t, jobs['crash']!), 'PENDING');
    t.is(await jobStatus(t, jobs['report']!), 'PENDING');
    await page.locator(`tr[data-job-id="${jobs['report']}"] .status-pending`).waitFor();
    t.is(await prepare.getByRole('button', { name: /failed/ }).count(), 0);
  });

  test.serial("the project page shows and changes the project's retention; each task shows its own", async (t) => {
    const { projectId, trainTaskId } = t.context.lab;
    const page = await open(t, `/projects/${projectId}`);
    const select = page.locator('select[name="retention"]');
    await select.waitFor();
    t.is(await select.inputValue(), 'keep');
    t.is(await page.locator(`tr[data-task-id="${trainTaskId}"] .task-retention`).innerText(), "project's");
    await select.selectOption('30d');
    await page.locator('[data-role="retention-note"]', { hasText: 'Retention is now 30d.' }).waitFor();
    t.is((await t.context.server.http.get(`/projects/${projectId}`)).body.retention, '30d');
    await select.selectOption('keep');
    await page.locator('[data-role="retention-note"]', { hasText: 'Retention is now keep.' }).waitFor();
    t.is((await t.context.server.http.get(`/projects/${projectId}`)).body.retention, 'keep');
  });

  test.serial('clear the pending queue, then archive the project', async (t) => {
    const { projectId } = t.context.lab;
    const page = await open(t, `/projects/${projectId}`);
    const clear = page.getByRole('button', { name: /Clear pending queue \(\d+\)/ });
    await clear.waitFor();
    const pending = Number(/\((\d+)\)/.exec(await clear.innerText())![1]);
    t.true(pending > 0);
    await clear.click();
    await confirmDialog(page);
    await page.locator('#notice', { hasText: `Deleted ${pending} pending job(s).` }).waitFor();
    t.is((await t.context.server.http.get(`/projects/${projectId}/stats`)).body.by_status.PENDING ?? 0, 0);

    await page.getByRole('button', { name: 'Archive project' }).click();
    await confirmDialog(page);
    await page.locator('h1', { hasText: 'ARCHIVED' }).waitFor();
    t.is((await t.context.server.http.get(`/projects/${projectId}`)).body.status, 'ARCHIVED');
  });

  test.serial('with API keys the page is public, asks for the key on a 401, and keeps it for the session', async (t) => {
    const server = await startTestServer('memory', { WHATSNEXT_API_KEYS: 'right-key' });
    t.teardown(() => server.close());
    const name = unique('secured');
    t.is((await server.http.post('/projects', { name }, { headers: { 'X-API-Key': 'right-key' } })).status, 201);
    for (const asset of ['/ui', '/ui/', '/ui/app.js', '/ui/dag-layout.js', '/ui/style.css']) t.is((await server.http.get(asset)).status, 200, asset);
    t.is((await server.http.get('/ui/missing.js')).status, 404);

    const page = await t.context.browser.context.newPage();
    t.teardown(() => page.close());
    const keys: string[] = [];
    page.on('request', (request) => request.url().includes('/projects') && keys.push(request.headers()['x-api-key'] ?? ''));
    await page.goto(`${server.url}/ui`);
    const dialog = page.locator('dialog.api-key-dialog');
    await dialog.locator('input').fill('wrong-key');
    await dialog.getByRole('button', { name: 'Use key' }).click();
    await page.locator('dialog.api-key-dialog', { hasText: 'refused' }).waitFor();
    await page.locator('dialog.api-key-dialog input').fill('right-key');
    await page.locator('dialog.api-key-dialog').getByRole('button', { name: 'Use key' }).click();
    await page.locator('table.projects a', { hasText: name }).waitFor();
    t.is(await page.evaluate("sessionStorage.getItem('whatsnext.apiKey')"), 'right-key');
    t.deepEqual([...new Set(keys)], ['', 'wrong-key', 'right-key'], 'no key, the refused one, then the right one, in X-API-Key');

    // The next view needs no prompt: the key is kept for the session.
    await page.goto(`${server.url}/ui#/workers`);
    await page.locator('table.workers').waitFor();
    t.is(await page.locator('dialog.api-key-dialog').count(), 0);
  });
}
