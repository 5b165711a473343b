import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { WhatsNextClient } from '../../src/adapters/client/whatsnext-client.js';
import { createProject, createTask, forEachStore, rawValueAt, type TestServer } from '../http/server-harness.js';
import { PROBE, probeSubprocess, readRecords, scratchDir } from '../worker/executor-kit.js';
import { settled, startHttpWorker } from '../worker/server-kit.js';
import { snapshotStore } from './support/fuzz-snapshot.js';

/**
 * SQL and shell metacharacters are data: names, descriptions and parameters full of them are
 * stored and returned verbatim on every store, `%` and `_` match only themselves, NUL is
 * refused with a 422 naming the field (PostgreSQL text cannot hold it), and parameters reach a
 * job's argv exactly, with no shell ever interpreting them.
 */

const SQL_TEXTS = [
  "'; DROP TABLE jobs; --",
  "Robert'); DROP TABLE projects;--",
  "1' OR '1'='1",
  '" OR ""="',
  '\\',
  '\\x00\\\\',
  "\\'",
  '$1',
  '$1::text',
  '$$ || pg_sleep(5) || $$',
  '%',
  '_',
  '%_%',
  "''",
  '`',
  '--',
  '/* comment */',
  ';',
  'SELECT pg_sleep(5)',
  'é日本語🙂',
  'a\u0301',
  '\u202e',
  'x\ufeffy',
] as const;

/** Descriptions and parameters may also hold control characters (names may not). */
const DESCRIPTION_EXTRAS = ['\t\n\r', 'line\nbreak'] as const;

const ok = <A>(status: number, expected: number, text: string, value: A): A => {
  if (status !== expected) throw new Error(`expected ${expected}, got ${status}: ${text}`);
  return value;
};

const enc = encodeURIComponent;

forEachStore((store, { start }) => {
  test(`${store}: names, descriptions and parameters with SQL metacharacters are stored and returned verbatim`, async (t) => {
    const { http } = await start();
    const host = await createProject(http);
    const texts = SQL_TEXTS;
    for (const [i, text] of texts.entries()) {
      const description = `${text}${DESCRIPTION_EXTRAS[i % DESCRIPTION_EXTRAS.length]}${text}`;
      const created = await http.post('/projects', { name: text, description });
      t.is(created.status, 201, `project ${JSON.stringify(text)}: ${created.text}`);
      const project = await http.get(`/projects/${created.body.id}`);
      t.is(project.body?.name, text, `GET /projects/${created.body.id}: ${project.status} ${project.text}`);
      t.is(project.body.description, description);
      const byName = await http.get(`/projects/name/${enc(text)}`);
      t.is(byName.status, 200, `by name ${JSON.stringify(text)}: ${byName.text}`);
      t.is(byName.body.id, created.body.id, `by name ${JSON.stringify(text)} finds that project and no other`);

      const task = await http.post('/tasks', { name: text, project_id: host.id, command_template: `echo {x} ${JSON.stringify(text)}` });
      t.is(task.status, 201, `task ${JSON.stringify(text)}: ${task.text}`);
      const taskByName = await http.get(`/tasks/name/${enc(text)}?project_id=${host.id}`);
      t.is(taskByName.body.id, task.body.id, `task by name ${JSON.stringify(text)}`);
      t.is(taskByName.body.command_template, `echo {x} ${JSON.stringify(text)}`);

      const parameters = JSON.stringify({ [text]: description, x: text });
      const job = await http.post('/jobs', `{"name":${JSON.stringify(text)},"project_id":${host.id},"task_id":${task.body.id},"parameters":${parameters}}`);
      t.is(job.status, 201, `job ${JSON.stringify(text)}: ${job.text}`);
      const read = await http.get(`/jobs/${job.body.id}`);
      t.is(read.body.name, text);
      t.is(rawValueAt(read.text, ['parameters']), parameters, 'parameters come back as sent, byte for byte');
    }
    // Every listing holds exactly what was sent, and the tables are all still there.
    const projects = await http.get('/projects?status_filter=all&limit=10000');
    t.deepEqual(projects.body.map((p: { name: string }) => p.name).filter((n: string) => n !== host.name).sort(), [...texts].sort());
    const jobs = await http.get(`/jobs?project_id=${host.id}&limit=10000`);
    t.deepEqual(jobs.body.map((j: { name: string }) => j.name), texts);
    const tasks = await http.get(`/tasks?project_id=${host.id}&limit=10000`);
    t.deepEqual(tasks.body.map((j: { name: string }) => j.name), texts);
  });

  test(`${store}: a name with ';' gets its id back and is found by name (PGlite runs SQL holding ';' as a script: values are always bound)`, async (t) => {
    const { http } = await start();
    const created = await http.post('/projects', { name: "'; DROP TABLE jobs; --" });
    t.is(created.status, 201, created.text);
    t.true(Number.isInteger(created.body.id), created.text);
    t.is((await http.get(`/projects/${created.body.id}`)).body?.name, "'; DROP TABLE jobs; --");
    t.is((await http.get(`/projects/name/${enc("'; DROP TABLE jobs; --")}`)).status, 200);
  });

  test(`${store}: % and _ in by-name lookups and deletes match only themselves`, async (t) => {
    const { http } = await start();
    const project = await createProject(http, 'wild-abc');
    await createProject(http, 'wild%');
    await createTask(http, project.id, 'task-abc');
    const before = await snapshotStore(http);
    for (const pattern of ['wild%%', 'wild-%', 'wild-ab_', '%', '_%', 'WILD-ABC', 'wild\\%']) {
      const got = await http.get(`/projects/name/${enc(pattern)}`);
      t.is(got.status, 404, `GET /projects/name/${pattern}: ${got.text}`);
      const deleted = await http.del(`/projects/name/${enc(pattern)}`);
      t.is(deleted.status, 404, `DELETE /projects/name/${pattern}: ${deleted.text}`);
      const task = await http.get(`/tasks/name/${enc(pattern.replace('wild', 'task'))}?project_id=${project.id}`);
      t.is(task.status, 404, `GET /tasks/name/${pattern.replace('wild', 'task')}: ${task.text}`);
    }
    t.is((await snapshotStore(http)).text, before.text, 'nothing was deleted');
    const exact = await http.get(`/projects/name/${enc('wild%')}`);
    t.is(exact.body.name, 'wild%', 'the literal name is found');
    t.is((await http.get(`/jobs?project_id=${project.id}&status=${enc('%')}`)).status, 422, 'a status filter is an enum, never a pattern');
  });

  test(`${store}: NUL cannot be stored in PostgreSQL text: a 422 naming the field, nothing stored`, async (t) => {
    const { http } = await start();
    const project = await createProject(http);
    const task = await createTask(http, project.id);
    const before = await snapshotStore(http);
    const refusals: [string, string, unknown, string][] = [
      ['POST', '/projects', { name: 'nul\u0000name' }, 'name'],
      ['POST', '/projects', { name: 'fine', description: 'nul\u0000description' }, 'description'],
      ['PUT', `/projects/${project.id}`, { description: '\u0000' }, 'description'],
      ['POST', '/tasks', { name: 'fine', project_id: project.id, command_template: 'echo \u0000' }, 'command_template'],
      ['POST', '/jobs', { name: 'nul\u0000job', project_id: project.id, task_id: task.id }, 'name'],
      ['POST', `/projects/${project.id}/jobs/batch`, { jobs: [{ name: 'ok', task_id: task.id }, { name: '\u0000', task_id: task.id }] }, 'name'],
      ['POST', '/clients/register', { id: 'nul-worker', name: 'w\u0000', entity: 'e' }, 'name'],
      ['GET', `/projects/name/${enc('a\u0000b')}`, undefined, 'name'],
      ['GET', `/projects/${project.id}/fetch_job?client_id=${enc('w\u0000')}`, undefined, 'client_id'],
    ];
    for (const [method, path, body, field] of refusals) {
      const answer = await http.call(method, path, body === undefined ? {} : { body });
      t.is(answer.status, 422, `${method} ${path}: ${answer.text}`);
      const issue = (answer.body?.detail ?? []).find((d: { loc: unknown[] }) => d.loc.includes(field));
      t.truthy(issue, `${method} ${path} names ${field}: ${answer.text}`);
      t.regex(issue?.msg ?? '', /NUL/, answer.text);
    }
    t.is((await snapshotStore(http)).text, before.text, 'nothing was stored');
    // Inside parameters a NUL is a JSON escape (\u0000) in a text column: stored and returned as sent.
    const job = await http.post('/jobs', `{"name":"escaped","project_id":${project.id},"task_id":${task.id},"parameters":{"a":"x\\u0000y"}}`);
    t.is(job.status, 201, job.text);
    t.is(rawValueAt((await http.get(`/jobs/${job.body.id}`)).text, ['parameters']), '{"a":"x\\u0000y"}');
  });
});

// ---------------------------------------------------------------------------------------------
// Shell metacharacters through a real worker

/** Each would create a marker file in the job's working directory if any shell interpreted it. */
const shellTexts = (dir: string): string[] => [
  `$(touch ${join(dir, 'marker-dollar')})`,
  `\`touch ${join(dir, 'marker-backtick')}\``,
  `; touch ${join(dir, 'marker-semicolon')}`,
  `| touch ${join(dir, 'marker-pipe')}`,
  `&& touch ${join(dir, 'marker-and')}`,
  `\ntouch ${join(dir, 'marker-newline')}`,
  `'; touch ${join(dir, 'marker-quote')}; '`,
  `"; touch ${join(dir, 'marker-dquote')}; "`,
  `> ${join(dir, 'marker-redirect')}`,
  '*',
  '~ $HOME ${PATH} $0',
  '\\" \\\\ \'',
  'é日本語🙂',
];

const workerServer = (server: TestServer) => ({ running: server.running, url: server.url, port: Number(new URL(server.url).port), client: new WhatsNextClient({ baseUrl: server.url }) });

forEachStore((store, { start }) => {
  test(`${store}: shell metacharacters in parameters reach the job's argv verbatim and no shell runs them`, async (t) => {
    const server = await start();
    const dir = await scratchDir('wn-injection-');
    const { record, executor } = await probeSubprocess({ dir });
    const texts = shellTexts(dir);
    const project = await createProject(server.http);
    // Without a template: the CLIFormatter's `--key value`; with one: each placeholder one argv word.
    const formatter = await createTask(server.http, project.id, 'formatter');
    const templated = await createTask(server.http, project.id, 'templated', {
      command_template: 'replaced below',
    });
    // Two jobs carry every text: one through the CLIFormatter form (keys and values), one through a template.
    const parameters = Object.fromEntries(texts.flatMap((text, i) => [[`v${i}`, text], [text, i]]));
    const template = [`'${process.execPath}' '${PROBE}'`, ...texts.map((_, i) => `--v${i} {v${i}} x{v${i}}y "{v${i}}" '{v${i}}'`)].join(' ');
    await server.http.put(`/tasks/${templated.id}`, { command_template: template });
    const jobIds: number[] = [];
    for (const taskId of [formatter.id, templated.id]) {
      const answer = await server.http.post('/jobs', { name: 'shell', project_id: project.id, task_id: taskId, parameters });
      jobIds.push(ok(answer.status, 201, answer.text, answer.body.id as number));
    }
    const worker = await startHttpWorker(workerServer(server), project.id, executor, { cpu: 1, concurrency: 2 });
    const jobs = await settled(new WhatsNextClient({ baseUrl: server.url }), jobIds, 60_000);
    await worker.worker.stop();
    t.deepEqual(jobs.map((j) => j.status), ['COMPLETED', 'COMPLETED']);

    const seen = new Map((await readRecords(record)).map((r) => [Number(r.job), r.argv]));
    t.deepEqual(seen.get(jobIds[0]!), texts.flatMap((text, i) => [`--v${i}`, text, `--${text}`, String(i)]), 'formatter argv');
    t.deepEqual(seen.get(jobIds[1]!), texts.flatMap((text, i) => [`--v${i}`, text, `x${text}y`, text, text]), 'template argv');
    const markers = (await readdir(dir)).filter((name) => name.startsWith('marker'));
    t.deepEqual(markers, [], 'no shell ran any of them');
  });
}, ['pglite', 'postgres']);
