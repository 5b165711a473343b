import anyTest, { type TestFn } from 'ava';
import type { Page } from 'playwright-core';
import { createProject, startTestServer, type TestServer } from '../http/server-harness.js';
import { chromiumMissing, launchChromium, type Browser } from './browser.js';

/**
 * /docs in a real Chromium against a server with an API key: swagger-ui loads from the server
 * itself, and "Try it out" on GET /projects/ answers 401 without the key, 200 once authorized,
 * and 200 at once when the dashboard's stored key pre-authorizes the page.
 */

const KEY = 'docs-key';
interface Context {
  server: TestServer;
  browser: Browser;
  projectName: string;
}
const test = anyTest as TestFn<Context>;

const missing = chromiumMissing();
if (missing !== null) {
  test.skip(`docs page: skipped, ${missing}`, () => {});
} else {
  test.before(async (t) => {
    const server = await startTestServer('memory', { WHATSNEXT_API_KEYS: KEY });
    const project = await createProject({ ...server.http, post: (path, body) => server.http.post(path, body, { headers: { 'X-API-Key': KEY } }) });
    t.context = { server, browser: await launchChromium(), projectName: project.name };
  });
  test.after.always(async (t) => {
    await t.context.browser?.close();
  });

  const open = async (t: { context: Context; teardown: (fn: () => unknown) => void }, before?: string): Promise<Page> => {
    const page = await t.context.browser.context.newPage();
    t.teardown(() => page.close());
    if (before !== undefined) await page.addInitScript(before);
    // Offline: any request off this server would fail the page, so none is let through.
    await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
    await page.goto(`${t.context.server.url}/docs`);
    return page;
  };

  /** Expands GET /projects/, tries it out and answers the status and body swagger-ui shows. */
  const tryListProjects = async (page: Page): Promise<{ status: string; body: string }> => {
    const operation = page.locator('#operations-projects-get_projects');
    await operation.locator('.opblock-summary').click();
    // Try it out is on from the start (tryItOutEnabled): the operation opens with Execute.
    await operation.locator('.opblock-body').waitFor();
    await operation.locator('button.execute').click();
    const live = operation.locator('.live-responses-table .response');
    await live.first().waitFor();
    return {
      status: (await live.first().locator('.response-col_status').innerText()).trim(),
      body: await operation.locator('.live-responses-table .response-col_description pre').first().innerText(),
    };
  };

  test.serial('without the key, Try it out answers 401', async (t) => {
    const page = await open(t);
    const answer = await tryListProjects(page);
    t.is(answer.status, '401');
    t.regex(answer.body, /Missing API key/);
  });

  test.serial('after Authorize with the key, Try it out sends X-API-Key and answers 200 with the projects', async (t) => {
    const page = await open(t);
    await page.locator('button.authorize').first().click();
    await page.locator('.auth-container input').fill(KEY);
    await page.locator('.auth-container button.authorize').click();
    await page.locator('button.btn-done').click();
    const answer = await tryListProjects(page);
    t.is(answer.status, '200');
    t.true(answer.body.includes(t.context.projectName), answer.body);
  });

  test.serial("the dashboard's stored key pre-authorizes the page", async (t) => {
    const page = await open(t, `sessionStorage.setItem('whatsnext.apiKey', ${JSON.stringify(KEY)})`);
    const answer = await tryListProjects(page);
    t.is(answer.status, '200');
    t.true(answer.body.includes(t.context.projectName), answer.body);
  });
}
