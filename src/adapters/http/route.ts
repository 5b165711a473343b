import type * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import type { Context } from 'koa';
import type { DomainError } from '../../domain/errors.js';
import type { ResponseSpec } from './answers/responses.js';

/** What a handler answers: a status and a body (serialised with raw parameters spliced in). */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
}

export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The request body as received, for values whose exact text matters (parameters). */
  readonly rawBody: string;
  readonly ctx: Context;
}

export type NotFoundTag = 'ProjectNotFound' | 'TaskNotFound' | 'JobNotFound' | 'WorkerNotFound';

type AnyCodec<A> = t.Type<A, unknown, unknown>;

/**
 * One route: the single description from which the router is built, requests are decoded and
 * the OpenAPI document is generated.
 */
export interface Route<P = unknown, Q = unknown, B = unknown> {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI-style path, e.g. `/projects/{project_id}`. */
  readonly path: string;
  /** Served with and without a trailing slash (collection routes of the original). */
  readonly collection?: boolean;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly params?: AnyCodec<P>;
  readonly query?: AnyCodec<Q>;
  readonly body?: AnyCodec<B>;
  /** Every status this route answers, with what it means and the codec of its body (answers/responses.ts). */
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Reachable without an API key (health and docs). */
  readonly public?: boolean;
  /** Entities named in the body rather than the path: 400, not 404, when missing (as the original). */
  readonly referencedInBody?: readonly NotFoundTag[];
  /** A path parameter that fails to decode is this status (default 422). */
  readonly badParamStatus?: 404 | 422;
  readonly handle: (input: RouteInput<P, Q, B>) => Promise<E.Either<DomainError, Reply>>;
}

/** Keeps each route's own types while the table holds them side by side. */
export const route = <P = undefined, Q = undefined, B = undefined>(definition: Route<P, Q, B>): Route =>
  definition as unknown as Route;
