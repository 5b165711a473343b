import * as E from 'fp-ts/lib/Either.js';
import http from 'node:http';
import https from 'node:https';
import type * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { apiError, type ClientError } from './client-error.js';
import type { RetryPolicy } from './transient-retry.js';

export interface TransportOptions {
  /** e.g. `http://127.0.0.1:8000` */
  readonly baseUrl: string;
  readonly apiKey?: string | undefined;
  /** Per request (default 30 s, as the Python client); long polls get their wait on top. */
  readonly timeoutMs?: number;
  /** How a worker's reports retry through an outage (default: up to 10 minutes). */
  readonly reportRetry?: RetryPolicy;
}

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export interface Answer {
  readonly status: number;
  /** The body as received: parameters' exact texts are read from it. */
  readonly text: string;
  readonly json: unknown;
}

/**
 * Keep-alive agents for every transport of the process. node:http, not fetch: undici's fetch cost
 * a worker several times the CPU per request. An idle kept-alive socket does not hold the process
 * open (the agent unrefs it).
 */
const AGENTS: Readonly<Record<string, http.Agent>> = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

class RequestTimeout extends Error {
  override readonly name = 'TimeoutError';
}

interface Received {
  readonly status: number;
  readonly statusText: string;
  readonly text: string;
}

/** One request and its whole answer; rejects on a network failure, or with RequestTimeout after `timeoutMs`. */
const exchange = (url: URL, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<Received> =>
  new Promise((resolve, reject) => {
    const agent = AGENTS[url.protocol];
    if (agent === undefined) {
      reject(new Error(`${url.protocol} is not http: or https:`));
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, { method, headers: body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', text: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', fail);
    });
    const fail = (error: Error): void => {
      clearTimeout(timer);
      reject(error);
    };
    const timer = setTimeout(() => request.destroy(new RequestTimeout()), timeoutMs);
    request.on('error', fail);
    request.end(body);
  });

/** One HTTP exchange with the server: timeouts, the API key, and failures as values. */
export class HttpTransport {
  readonly baseUrl: string;

  constructor(readonly options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    options: { readonly query?: Query; readonly body?: unknown; readonly rawBody?: string; readonly extraTimeoutMs?: number; readonly expect?: readonly number[] } = {},
  ): Promise<E.Either<ClientError, Answer>> {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.options.apiKey) headers['X-API-Key'] = this.options.apiKey;
    const timeoutMs = (this.options.timeoutMs ?? 30_000) + (options.extraTimeoutMs ?? 0);
    let response: Received;
    try {
      response = await exchange(url, method, headers, body, timeoutMs);
    } catch (error) {
      if (error instanceof RequestTimeout) {
        return E.left({ _tag: 'Timeout', url: url.toString(), message: `${method} ${url.pathname} got no answer within ${timeoutMs} ms` });
      }
      const cause = error instanceof Error ? error.message : String(error);
      return E.left({ _tag: 'Unreachable', url: this.baseUrl, message: `cannot reach the WhatsNext server at ${this.baseUrl} (${cause})` });
    }
    const text = response.text;
    let json: unknown = null;
    if (text !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
    }
    const ok = options.expect ? options.expect.includes(response.status) : response.status >= 200 && response.status < 300;
    return ok ? E.right({ status: response.status, text, json }) : E.left(apiError(response.status, json, response.statusText));
  }

  /**
   * Decodes an answer with a wire codec; a shape the client does not understand is BadResponse.
   * The wire codecs are plain shapes (their decode is the identity), so an answer their type guard
   * accepts is the decoded value: the guard allocates nothing, where decode builds a context per
   * field and a failure per union branch it tries (most of a worker's garbage on a busy queue).
   * Decode runs only to explain a refusal.
   */
  decode<A>(codec: t.Type<A, unknown>, answer: Answer, what: string): E.Either<ClientError, A> {
    if (codec.is(answer.json)) return E.right(answer.json);
    const decoded = codec.decode(answer.json);
    return E.isRight(decoded)
      ? decoded
      : E.left({ _tag: 'BadResponse', url: this.baseUrl, message: `unexpected ${what} from the server: ${PathReporter.report(decoded).slice(0, 3).join('; ')}` });
  }
}
