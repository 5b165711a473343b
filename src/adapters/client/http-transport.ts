import * as E from 'fp-ts/lib/Either.js';
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
    let response: Response;
    try {
      response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }), signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') {
        return E.left({ _tag: 'Timeout', url: url.toString(), message: `${method} ${url.pathname} got no answer within ${timeoutMs} ms` });
      }
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      return E.left({ _tag: 'Unreachable', url: this.baseUrl, message: `cannot reach the WhatsNext server at ${this.baseUrl} (${cause})` });
    }
    const text = await response.text();
    let json: unknown = null;
    if (text !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
    }
    const ok = options.expect ? options.expect.includes(response.status) : response.ok;
    return ok ? E.right({ status: response.status, text, json }) : E.left(apiError(response.status, json, response.statusText));
  }

  /** Decodes an answer with a wire codec; a shape the client does not understand is BadResponse. */
  decode<A>(codec: t.Decoder<unknown, A>, answer: Answer, what: string): E.Either<ClientError, A> {
    const decoded = codec.decode(answer.json);
    return E.isRight(decoded)
      ? decoded
      : E.left({ _tag: 'BadResponse', url: this.baseUrl, message: `unexpected ${what} from the server: ${PathReporter.report(decoded).slice(0, 3).join('; ')}` });
  }
}
