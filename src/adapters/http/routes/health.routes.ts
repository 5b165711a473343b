import * as E from 'fp-ts/lib/Either.js';
import { route, type Route } from '../route.js';

/** Health answers without an API key: load balancers and the Python client's constructor call them. */
export const healthRoutes = (checkDatabase: () => Promise<void>): Route[] => [
  route({
    method: 'get',
    path: '/',
    tag: 'health',
    summary: 'Is the server up',
    public: true,
    responses: { 200: '`{"status": "healthy"}`' },
    handle: async () => E.right({ status: 200, body: { status: 'healthy' } }),
  }),
  route({
    method: 'get',
    path: '/checkdb',
    tag: 'health',
    summary: 'Does the database answer',
    public: true,
    responses: { 200: '`{"status": "healthy", "database": "connected"}`', 503: '`{"status": "unhealthy", "database": "disconnected", "error": ...}`' },
    handle: async () => {
      try {
        await checkDatabase();
        return E.right({ status: 200, body: { status: 'healthy', database: 'connected' } });
      } catch (error) {
        return E.right({ status: 503, body: { status: 'unhealthy', database: 'disconnected', error: (error as Error).message } });
      }
    },
  }),
];
