import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';

const proxies: (() => Promise<void>)[] = [];
test.after.always('close the proxies of this file', async () => {
  for (const close of proxies.splice(0)) await close();
});

export interface OlderServerProxy {
  readonly url: string;
  /** Bodies of `POST /jobs/reports` that asked for a claim (before the proxy took it out). */
  readonly claimsAsked: () => number;
}

const bodyOf = async (message: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * A real server seen as one from before the claim rode with reports: an HTTP proxy on 127.0.0.1:0
 * that forwards everything, but takes `claim` out of `POST /jobs/reports` bodies, as such a
 * server's codec drops keys it does not know (and so answers the reports alone).
 */
export const olderServerProxy = async (target: string): Promise<OlderServerProxy> => {
  const upstream = new URL(target);
  let claimsAsked = 0;
  const server = createServer(async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    let body = await bodyOf(incoming);
    if (incoming.method === 'POST' && incoming.url === '/jobs/reports') {
      const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      if ('claim' in parsed) claimsAsked++;
      delete parsed['claim'];
      body = Buffer.from(JSON.stringify(parsed));
    }
    const forwarded = request(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, 'content-length': String(body.length) } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    forwarded.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  proxies.push(close);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, claimsAsked: () => claimsAsked };
};
