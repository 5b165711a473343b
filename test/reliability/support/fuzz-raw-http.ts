import { connect } from 'node:net';

/**
 * One HTTP/1.1 request written byte for byte on a fresh socket, so that a test can send what
 * `fetch` refuses to: invalid UTF-8 in the path or query, raw control bytes, any content type,
 * bodies that lie about their encoding.
 */
export interface RawRequest {
  readonly method: string;
  /** The request target as bytes: path and query exactly as they go on the wire. */
  readonly target: Buffer;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

export interface RawAnswer {
  readonly status: number;
  /** The head and body as received (the body may be chunked); for error messages and leak checks. */
  readonly text: string;
}

const CRLF = '\r\n';

const headOf = (request: RawRequest, host: string): Buffer => {
  const lines = [`${request.method} `];
  const headers: Record<string, string> = { host, connection: 'close', ...(request.headers ?? {}) };
  if (request.body !== undefined) headers['content-length'] = String(request.body.length);
  const fields = Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join(CRLF);
  return Buffer.concat([Buffer.from(lines[0]!, 'latin1'), request.target, Buffer.from(` HTTP/1.1${CRLF}${fields}${CRLF}${CRLF}`, 'latin1')]);
};

/** Sends the request and reads the answer until the server closes the connection. */
export const rawRequest = (baseUrl: string, request: RawRequest): Promise<RawAnswer> => {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const finish = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (match === null) reject(new Error(`no HTTP answer to ${request.method} ${request.target.toString('latin1').slice(0, 200)}: ${JSON.stringify(text.slice(0, 200))}`));
      else resolve({ status: Number(match[1]), text });
    };
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A server may answer (413) and close before it read a big body: what it answered counts.
    socket.on('error', (error: NodeJS.ErrnoException) => (chunks.length > 0 ? finish() : reject(error)));
    socket.on('end', finish);
    socket.write(headOf(request, url.host));
    if (request.body !== undefined) socket.write(request.body);
  });
};
