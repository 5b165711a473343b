import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import jsonc from 'jsonc-parser';
import pg from 'pg';
import { createHttpApp } from '../../src/adapters/http/http-app.js';
import type { Route } from '../../src/adapters/http/route.js';
import { createLogger } from '../../src/adapters/logging/logger.js';
import { serverConfig } from '../../src/bin/server-config.js';
import { startServer, type RunningServer } from '../../src/bin/start-server.js';

/**
 * Real servers on ephemeral ports for the HTTP tests: one store each (memory, PGlite on a fresh
 * data directory, or a fresh PostgreSQL database), driven with Node's global `fetch`.
 */

export type StoreName = 'memory' | 'pglite' | 'postgres';

/** The PostgreSQL server the PostgreSQL variants may use (they only create and drop their own databases). */
export const TEST_SERVER_ENV = 'WHATSNEXT_TEST_DATABASE_URL';
const postgresServerUrl = (): string | null => {
  const url = process.env[TEST_SERVER_ENV];
  return url === undefined || url === '' ? null : url;
};

export interface TestServer {
  readonly store: StoreName;
  readonly url: string;
  readonly running: RunningServer;
  /** The same HTTP calls as `call(url, …)`. */
  readonly http: Http;
  /** Closes the server and drops what it stored; idempotent. */
  close(): Promise<void>;
}

export type ServerEnv = Readonly<Record<string, string>>;
export type StartServer = (env?: ServerEnv) => Promise<TestServer>;

const openServers = new Set<TestServer>();
// Whatever a test file started is stopped and removed when the file is done, failures included.
test.after.always('close the servers of this file', async () => {
  await Promise.all([...openServers].map((server) => server.close()));
});

const onMaintenanceDatabase = async (serverUrl: string, sql: string): Promise<void> => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

/** A fresh `wn_http_<random>` database on the test server; `drop` removes it, connections and all. */
export const createPostgresDatabase = async (serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> => {
  const name = `wn_http_${randomBytes(6).toString('hex')}`;
  await onMaintenanceDatabase(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onMaintenanceDatabase(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
};

/** Starts a real server on 127.0.0.1:0 over a fresh store; `env` adds WHATSNEXT_* settings. */
export const startTestServer = async (store: StoreName, env: ServerEnv = {}): Promise<TestServer> => {
  let database: string;
  let serverEnv: Record<string, string> = { ...env };
  let cleanup: () => Promise<void> = async () => {};
  if (store === 'memory') {
    database = 'memory';
  } else if (store === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'wn-http-pglite-'));
    database = 'pglite';
    serverEnv = { ...serverEnv, WHATSNEXT_DATA_DIR: dir };
    cleanup = () => rm(dir, { recursive: true, force: true });
  } else {
    const serverUrl = postgresServerUrl();
    if (serverUrl === null) throw new Error(`${TEST_SERVER_ENV} is not set`);
    const created = await createPostgresDatabase(serverUrl);
    database = created.url;
    cleanup = created.drop;
  }
  let running: RunningServer;
  try {
    running = await startServer(serverConfig({ host: '127.0.0.1', port: 0, database }, serverEnv), createLogger('silent'));
  } catch (error) {
    await cleanup();
    throw error;
  }
  let closing: Promise<void> | null = null;
  const server: TestServer = {
    store,
    url: running.url,
    running,
    http: httpOn(running.url),
    close: () =>
      (closing ??= (async () => {
        try {
          await running.close();
        } catch {
          // A test may have closed the store itself (the /checkdb test); the server is down either way.
        } finally {
          openServers.delete(server);
          await cleanup();
        }
      })()),
  };
  openServers.add(server);
  return server;
};

let postgresSkipRegistered = false;

/** The stores these tests can reach: memory and PGlite always, PostgreSQL when the env var is set. */
export const STORES: readonly StoreName[] = ['memory', 'pglite', 'postgres'];

/**
 * Registers a suite once per store. `start` starts a fresh server on that store (closed after the
 * file); `shared` starts one server per store the first time it is asked for, then hands it out
 * again, for tests that use distinct project names. Without the PostgreSQL server, its variant is
 * one skipped test saying why (once per file).
 */
export const forEachStore = (
  register: (store: StoreName, context: { start: StartServer; shared: () => Promise<TestServer> }) => void,
  stores: readonly StoreName[] = STORES,
): void => {
  for (const store of stores) {
    if (store === 'postgres' && postgresServerUrl() === null) {
      if (postgresSkipRegistered) continue;
      postgresSkipRegistered = true;
      test.skip(`postgres: skipped (set ${TEST_SERVER_ENV} to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres, to run it)`, () => {});
      continue;
    }
    let shared: Promise<TestServer> | null = null;
    register(store, {
      start: (env) => startTestServer(store, env),
      shared: () => (shared ??= startTestServer(store)),
    });
  }
};

// ---------------------------------------------------------------------------------------------
// HTTP

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  /** The raw body text. */
  readonly text: string;
  /** The body parsed as JSON (undefined when it is empty or not JSON). */
  readonly body: any;
}

export interface CallOptions {
  /** Sent as is; a string body is never re-serialised. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

export const call = async (base: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> => {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
    redirect: 'manual',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
};

export interface Http {
  get(path: string, options?: Omit<CallOptions, 'body'>): Promise<Answer>;
  post(path: string, body?: unknown, options?: Omit<CallOptions, 'body'>): Promise<Answer>;
  put(path: string, body?: unknown, options?: Omit<CallOptions, 'body'>): Promise<Answer>;
  del(path: string, options?: Omit<CallOptions, 'body'>): Promise<Answer>;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
}

export const httpOn = (base: string): Http => ({
  get: (path, options) => call(base, 'GET', path, options),
  post: (path, body, options) => call(base, 'POST', path, { ...options, body }),
  put: (path, body, options) => call(base, 'PUT', path, { ...options, body }),
  del: (path, options) => call(base, 'DELETE', path, options),
  call: (method, path, options) => call(base, method, path, options),
});

// ---------------------------------------------------------------------------------------------
// Fixtures

let counter = 0;
/** A name no other test of this process uses. */
export const unique = (prefix: string): string => `${prefix}-${process.pid}-${++counter}-${randomBytes(3).toString('hex')}`;

const expectStatus = (answer: Answer, status: number, what: string): Answer => {
  if (answer.status !== status) throw new Error(`${what}: expected ${status}, got ${answer.status} ${answer.text}`);
  return answer;
};

export const createProject = async (http: Http, name = unique('project'), extra: Record<string, unknown> = {}): Promise<{ id: number; name: string }> => {
  const answer = expectStatus(await http.post('/projects', { name, description: '', ...extra }), 201, `create project ${name}`);
  return { id: answer.body.id as number, name };
};

export const createTask = async (http: Http, projectId: number, name = unique('task'), extra: Record<string, unknown> = {}): Promise<{ id: number; name: string }> => {
  const answer = expectStatus(await http.post('/tasks', { name, project_id: projectId, ...extra }), 201, `create task ${name}`);
  return { id: answer.body.id as number, name };
};

/** A project with one task: what most tests start from. */
export const createLab = async (http: Http, taskExtra: Record<string, unknown> = {}) => {
  const project = await createProject(http);
  const task = await createTask(http, project.id, unique('task'), taskExtra);
  return { projectId: project.id, projectName: project.name, taskId: task.id, taskName: task.name };
};

export const submitJob = async (
  http: Http,
  projectId: number,
  taskId: number,
  extra: Record<string, unknown> = {},
): Promise<any> => {
  const answer = expectStatus(
    await http.post('/jobs', { name: unique('job'), project_id: projectId, task_id: taskId, parameters: {}, ...extra }),
    201,
    'submit job',
  );
  return answer.body;
};

export const submitBatch = async (http: Http, projectId: number, jobs: readonly Record<string, unknown>[]): Promise<number[]> => {
  const answer = expectStatus(await http.post(`/projects/${projectId}/jobs/batch`, { jobs }), 201, 'submit batch');
  return answer.body.job_ids as number[];
};

/** Claims the next job of the project (the original client's fetch_job); `query` adds parameters. */
export const fetchJob = async (http: Http, projectId: number, query = ''): Promise<{ job: any; num_pending: number | null; text: string; body: any }> => {
  const answer = expectStatus(await http.get(`/projects/${projectId}/fetch_job${query}`), 200, 'fetch_job');
  return { job: answer.body.job, num_pending: answer.body.num_pending, text: answer.text, body: answer.body };
};

/** The Python client's `Job.set_status`: GET the job, PUT the same dict back with another status. */
export const setStatus = async (http: Http, jobId: number, status: string): Promise<Answer> => {
  const got = expectStatus(await http.get(`/jobs/${jobId}`), 200, `get job ${jobId}`);
  return http.put(`/jobs/${jobId}`, { ...got.body, status });
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** ISO 8601 in UTC with `Z` (API.md A.12). */
export const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The exact text of the value at `path` inside a JSON text (key order and number literals as sent). */
export const rawValueAt = (text: string, path: readonly (string | number)[]): string | undefined => {
  const tree = jsonc.parseTree(text);
  if (tree === undefined) return undefined;
  const node = jsonc.findNodeAtLocation(tree, [...path]);
  return node === undefined ? undefined : text.slice(node.offset, node.offset + node.length);
};

// ---------------------------------------------------------------------------------------------
// The route table

/** The route table of a server with these settings, built over a running server's use cases. */
export const routeTable = (server: TestServer, settings = { apiKeys: [] as string[], rateLimitPerMinute: null, corsOrigins: [] as string[], bodyLimit: '5mb', trustedProxies: 0 }): readonly Route[] =>
  createHttpApp({
    useCases: server.running.backend.useCases,
    logger: createLogger('silent'),
    settings,
    checkDatabase: async () => {},
    version: 'test',
  }).routes;

/** `get /projects/{project_id}` */
export const routeKey = (route: Pick<Route, 'method' | 'path'>): string => `${route.method} ${route.path}`;

/** The path parameters of a route template, in order. */
export const pathParams = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** Path parameters that are integers (ids of projects, tasks and jobs); client ids and names are strings. */
export const isIntegerParam = (name: string): boolean => name.endsWith('_id') && name !== 'client_id';

/** A concrete path for a template: integer params get `int`, string params `text`. */
export const concretePath = (path: string, int: string | number = 1, text = 'x'): string =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => String(isIntegerParam(name) ? int : text));

/** Both spellings of a collection route; the path alone otherwise. */
export const spellings = (route: Route): string[] => {
  if (!route.collection) return [route.path];
  const bare = route.path.replace(/\/$/, '');
  return [bare, `${bare}/`];
};
