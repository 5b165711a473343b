import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import * as t_ from 'io-ts';
import { HttpTransport } from '../../../src/adapters/client/http-transport.js';

/** A plain HTTP server on an ephemeral port that echoes what it got and counts its connections. */
const echoServer = async (): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> => {
  let connections = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/slow') return void setTimeout(() => response.end('{}'), 2_000);
      if (request.url === '/missing') return void response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"detail":"Not Found"}');
      const answer = { method: request.method, url: request.url, key: request.headers['x-api-key'] ?? null, body: Buffer.concat(chunks).toString('utf8') };
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  // Longer than any test here: a connection the client keeps alive stays open on this side.
  server.keepAliveTimeout = 60_000;
  server.on('connection', () => connections++);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
};

test('requests carry the query, the API key and a UTF-8 body; sequential requests share one kept-alive connection', async (t) => {
  const server = await echoServer();
  try {
    const transport = new HttpTransport({ baseUrl: `${server.url}/`, apiKey: 'k1' });
    for (let round = 0; round < 20; round++) {
      const answer = await transport.request('POST', '/echo', { query: { a: 'x y', skip: undefined, n: round }, rawBody: '{"name":"é ∑ 🎉"}' });
      if (E.isLeft(answer)) return t.fail(answer.left.message);
      t.deepEqual(answer.right.json, { method: 'POST', url: `/echo?a=x+y&n=${round}`, key: 'k1', body: '{"name":"é ∑ 🎉"}' });
    }
    t.is(server.connections(), 1);
    const missing = await transport.request('GET', '/missing');
    t.true(E.isLeft(missing) && missing.left._tag === 'ApiError');
    t.deepEqual(E.map((answer: { status: number }) => answer.status)(await transport.request('GET', '/missing', { expect: [404] })), E.right(404));
  } finally {
    await server.close();
  }
});

test('no answer within the timeout is Timeout; no server is Unreachable, naming the cause', async (t) => {
  const server = await echoServer();
  try {
    const slow = await new HttpTransport({ baseUrl: server.url, timeoutMs: 200 }).request('GET', '/slow');
    t.like(slow, { _tag: 'Left', left: { _tag: 'Timeout', message: 'GET /slow got no answer within 200 ms' } });
  } finally {
    await server.close();
  }
  const gone = await new HttpTransport({ baseUrl: server.url }).request('GET', '/');
  t.true(E.isLeft(gone) && gone.left._tag === 'Unreachable' && /cannot reach the WhatsNext server at http:\/\/127\.0\.0\.1:\d+ \(connect ECONNREFUSED/.test(gone.left.message));
});

test('a kept-alive connection does not keep a finished process running', async (t) => {
  const server = await echoServer();
  try {
    const script = `
      import { HttpTransport } from ${JSON.stringify(new URL('../../../src/adapters/client/http-transport.ts', import.meta.url).href)};
      const answer = await new HttpTransport({ baseUrl: ${JSON.stringify(server.url)} }).request('GET', '/echo');
      console.log(answer._tag);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = Date.now();
    const [code] = (await once(child, 'exit')) as [number];
    t.is(code, 0);
    t.is(output.trim(), 'Right');
    t.true(Date.now() - started < 30_000, 'exits once its work is done, not when the server drops the kept-alive connection (60 s)');
  } finally {
    await server.close();
  }
});

test('an answer the wire codec accepts is the decoded value itself; one it refuses is BadResponse naming the field', async (t) => {
  const transport = new HttpTransport({ baseUrl: 'http://127.0.0.1:1' });
  const codec = t_.type({ id: t_.number, more: t_.array(t_.type({ name: t_.union([t_.string, t_.null]) })) });
  const json = { id: 7, more: [{ name: 'a' }, { name: null }], extra: true };
  const accepted = transport.decode(codec, { status: 200, text: JSON.stringify(json), json }, 'thing');
  t.true(E.isRight(accepted) && accepted.right === json);
  const refused = transport.decode(codec, { status: 200, text: '', json: { id: 7, more: [{ name: 3 }] } }, 'thing');
  t.like(refused, { _tag: 'Left', left: { _tag: 'BadResponse' } });
  t.regex(E.isLeft(refused) ? refused.left.message : '', /^unexpected thing from the server: Invalid value 3 supplied to .*\/more: .*\/0: .*\/name: /);
});
