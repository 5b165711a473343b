import * as E from 'fp-ts/lib/Either.js';
import { DatabaseDownAnswer, DatabaseHealthAnswer, HealthAnswer } from '../answers/health.answers.js';
import { json } from '../answers/responses.js';
import { route, type Route } from '../route.js';

/** Longer than any healthy ping; a database that does not answer within it is down for /checkdb. */
const PING_TIMEOUT_MS = 3_000;

/** The ping, or a rejection once it took too long (an unreachable host may never refuse). */
const pingWithin = (checkDatabase: () => Promise<void>, timeoutMs: number): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([checkDatabase(), timeout]).finally(() => clearTimeout(timer));
};

/** Health answers without an API key: load balancers and the Python client's constructor call them. */
export const healthRoutes = (checkDatabase: () => Promise<void>, pingTimeoutMs = PING_TIMEOUT_MS): Route[] => [
  route({
    method: 'get',
    path: '/',
    tag: 'health',
    summary: 'Is the server up',
    public: true,
    responses: { 200: json('The server is up', HealthAnswer) },
    handle: async () => E.right({ status: 200, body: { status: 'healthy' } }),
  }),
  route({
    method: 'get',
    path: '/checkdb',
    tag: 'health',
    summary: 'Does the database answer',
    public: true,
    responses: { 200: json('The database answers', DatabaseHealthAnswer), 503: json('The database does not answer', DatabaseDownAnswer) },
    handle: async () => {
      try {
        await pingWithin(checkDatabase, pingTimeoutMs);
        return E.right({ status: 200, body: { status: 'healthy', database: 'connected' } });
      } catch (error) {
        return E.right({ status: 503, body: { status: 'unhealthy', database: 'disconnected', error: (error as Error).message } });
      }
    },
  }),
];
