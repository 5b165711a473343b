import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { WhatsNextClient } from '../../../src/adapters/client/whatsnext-client.js';

const job = (id: number, taskId: number) => ({
  id,
  name: `j${id}`,
  project_id: 1,
  task_id: taskId,
  parameters: { i: id },
  status: 'QUEUED',
  priority: 0,
  depends: {},
  created_at: '2026-11-27T00:00:00.000Z',
  updated_at: '2026-11-27T00:00:00.000Z',
});
const task = (id: number) => ({
  id,
  name: `t${id}`,
  project_id: 1,
  command_template: null,
  required_cpu: 1,
  required_accelerators: 0,
  created_at: '2026-11-27T00:00:00.000Z',
  updated_at: '2026-11-27T00:00:00.000Z',
});

/** A server that answers every request with `body` and remembers the last query. */
const answering = async (body: unknown) => {
  let query = '';
  const server = http.createServer((request, response) => {
    query = new URL(request.url ?? '/', 'http://x').search;
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    client: new WhatsNextClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    query: () => query,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

test('a claim with a limit asks for each task once and gives every job the task sent before it', async (t) => {
  const server = await answering({ job: job(1, 7), num_pending: null, task: task(7), lease_expires_at: null, more: [{ job: job(2, 8), task: task(8) }, { job: job(3, 7) }, { job: job(4, 8) }] });
  try {
    const claim = await server.client.fetchJob(1, { clientId: 'w', limit: 4, fit: 'each' });
    t.true(new URLSearchParams(server.query()).get('tasks') === 'once');
    t.deepEqual(
      E.map((view: { more: readonly { job: { id: number }; task: { id: number } }[] }) => view.more.map((entry) => [entry.job.id, entry.task.id]))(claim),
      E.right([
        [2, 8],
        [3, 7],
        [4, 8],
      ]),
    );
  } finally {
    await server.close();
  }
});

test('a claim answer with a job whose task never came is BadResponse naming both', async (t) => {
  const server = await answering({ job: job(1, 7), num_pending: null, task: task(7), lease_expires_at: null, more: [{ job: job(2, 9) }] });
  try {
    t.like(await server.client.fetchJob(1, { clientId: 'w', limit: 2 }), {
      _tag: 'Left',
      left: { _tag: 'BadResponse', message: 'unexpected claim from the server: job 2 came without its task 9' },
    });
  } finally {
    await server.close();
  }
});
