import Router from '@koa/router';
import type {} from '@koa/bodyparser';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import type { Context } from 'koa';
import { unstorableText } from './codecs/storable-text.js';
import { toIssues, type ValidationIssue } from './codecs/validation-errors.js';
import { jsonDepth } from '../json/json-depth.js';
import { errorReply } from './domain-error-status.js';
import { stringifyWithRaw } from '../json/raw-json-response.js';
import type { Route } from './route.js';

/** `/projects/{project_id}` → `/projects/:project_id` */
export const koaPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

/** Deeper bodies are refused: the exact-JSON parser and serialisers recurse once per level. */
export const MAX_BODY_DEPTH = 512;

/** Decodes one part of the request; strings that could not be stored verbatim are refused too. */
const decode = (source: 'path' | 'query' | 'body', codec: t.Type<unknown, unknown, unknown> | undefined, value: unknown): E.Either<ValidationIssue[], unknown> => {
  if (codec === undefined) return E.right(undefined);
  const decoded = codec.decode(value);
  if (E.isLeft(decoded)) return E.left(toIssues(source, decoded.left));
  const unstorable = unstorableText(source, decoded.right);
  return unstorable.length > 0 ? E.left(unstorable) : decoded;
};

const send = (ctx: Context, status: number, body: unknown): void => {
  ctx.status = status;
  if (body === undefined) return;
  ctx.type = 'application/json';
  ctx.body = stringifyWithRaw(body);
};

const reject = (ctx: Context, status: number, issues: readonly ValidationIssue[]): void =>
  send(ctx, status, status === 422 ? { detail: issues } : { detail: 'Not Found' });

/** Query strings may repeat a key; each route takes one value per key. */
const singleValues = (query: Context['query']): Record<string, string | string[]> =>
  Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined));

const handlerOf = (route: Route) => async (ctx: Context) => {
  const params = decode('path', route.params, ctx['params']);
  if (E.isLeft(params)) return reject(ctx, route.badParamStatus ?? 422, params.left);
  const query = decode('query', route.query, singleValues(ctx.query));
  if (E.isLeft(query)) return reject(ctx, 422, query.left);
  const rawBody = typeof ctx.request.rawBody === 'string' ? ctx.request.rawBody : '';
  const depth = jsonDepth(rawBody);
  if (depth > MAX_BODY_DEPTH) return send(ctx, 400, { detail: `The JSON body nests ${depth} levels deep; at most ${MAX_BODY_DEPTH} are accepted.` });
  const parsedBody: unknown = ctx.request.body;
  const body = decode('body', route.body, rawBody.trim() === '' && route.body ? undefined : parsedBody);
  if (E.isLeft(body)) return reject(ctx, 422, body.left);
  const result = await route.handle({ params: params.right, query: query.right, body: body.right, rawBody, ctx });
  if (E.isLeft(result)) {
    const failure = errorReply(result.left, route.referencedInBody);
    return send(ctx, failure.status, failure.body);
  }
  send(ctx, result.right.status, result.right.body);
};

/** Builds the router from the route table: one handler per route, both slash spellings for collections. */
export const mountRoutes = (routes: readonly Route[]): Router => {
  const router = new Router({ strict: true });
  for (const route of routes) {
    const path = koaPath(route.path);
    const bare = path.length > 1 ? path.replace(/\/$/, '') : path;
    const paths = route.collection ? [bare, `${bare}/`] : [path];
    for (const p of paths) router[route.method](p, handlerOf(route));
  }
  return router;
};
