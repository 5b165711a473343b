import { bodyParser } from '@koa/bodyparser';
import cors from '@koa/cors';
import * as E from 'fp-ts/lib/Either.js';
import Koa from 'koa';
import type { Logger } from 'pino';
import type { UseCases } from '../../application/use-cases.js';
import { HttpMetrics } from './http-metrics.js';
import type { HttpSettings } from './http-settings.js';
import type { FindTaskLabel } from './task-labels.js';
import { apiKeyAuth } from './middleware/api-key-auth.js';
import { jsonFallbacks } from './middleware/fallbacks.js';
import { rateLimit } from './middleware/rate-limit.js';
import { requestContext } from './middleware/request-context.js';
import { koaPath, mountRoutes } from './mount-routes.js';
import { openApiDocument } from './openapi/openapi-document.js';
import { plainText } from './answers/responses.js';
import { route, type Route } from './route.js';
import { clientRoutes } from './routes/clients.routes.js';
import { docsRoutes } from './routes/docs.routes.js';
import { graphRoutes } from './routes/graph.routes.js';
import { timelineRoutes } from './routes/timeline.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { jobRoutes } from './routes/jobs.routes.js';
import { projectRoutes } from './routes/projects.routes.js';
import { queueRoutes } from './routes/queue.routes.js';
import { taskRoutes } from './routes/tasks.routes.js';
import { uiRoutes } from './routes/ui.routes.js';
import { workerReportRoutes } from './routes/worker-reports.routes.js';

export interface HttpAppDependencies {
  readonly useCases: UseCases;
  readonly logger: Logger;
  readonly settings: HttpSettings;
  /** Throws when the database does not answer. */
  readonly checkDatabase: () => Promise<void>;
  readonly version: string;
  /** Aborted when the server shuts down: long-polling claims answer at once. */
  readonly shutdown?: AbortSignal;
  /** The server's metrics, when the composition root made them first (to bind their scheduler events); else new ones. */
  readonly metrics?: HttpMetrics;
}

export interface HttpApp {
  readonly app: Koa;
  /** The route table the router and the OpenAPI document were built from. */
  readonly routes: readonly Route[];
}

const metricsRoute = (metrics: HttpMetrics): Route =>
  route({
    method: 'get',
    path: '/metrics',
    tag: 'health',
    summary: 'Prometheus metrics',
    responses: { 200: plainText('Metrics in the Prometheus text format') },
    handle: async ({ ctx }) => {
      ctx.type = metrics.registry.contentType;
      ctx.body = await metrics.registry.metrics();
      return E.right({ status: 200 });
    },
  });

/** A task's project and name, read by id (for the labels of metrics that know only the id). */
const taskLabelFinder =
  (useCases: UseCases): FindTaskLabel =>
  async (taskId) => {
    const task = await useCases.getTask.byId(taskId);
    if (E.isLeft(task)) return null;
    const project = await useCases.getProject.byId(task.right.projectId);
    return { project: E.isRight(project) ? project.right.name : '', task: task.right.name };
  };

const publicMatcher = (routes: readonly Route[]) => {
  const patterns = routes
    .filter((r) => r.public)
    // An optional trailing slash, except on `/` itself (else `//` would pass as public).
    .map((r) => ({ method: r.method.toUpperCase(), pattern: new RegExp(`^${koaPath(r.path).replace(/:\w+/g, '[^/]+')}${r.path === '/' ? '' : '/?'}$`) }));
  return (method: string, path: string) => patterns.some((p) => (p.method === method || method === 'HEAD') && p.pattern.test(path));
};

/** The Koa application of the REST service, wired over the use cases. */
export const createHttpApp = (dependencies: HttpAppDependencies): HttpApp => {
  const { useCases, logger, settings } = dependencies;
  const metrics = dependencies.metrics ?? new HttpMetrics();
  metrics.scheduler.readFrom(() => useCases.schedulerGauges.execute(), taskLabelFinder(useCases));
  let document: unknown = null;
  const routes: Route[] = [
    ...healthRoutes(dependencies.checkDatabase),
    ...docsRoutes(() => document),
    ...uiRoutes(),
    metricsRoute(metrics),
    ...projectRoutes(useCases),
    ...queueRoutes(useCases, metrics.observeClaim, dependencies.shutdown),
    ...graphRoutes(useCases),
    ...timelineRoutes(useCases),
    ...taskRoutes(useCases),
    ...jobRoutes(useCases),
    ...workerReportRoutes(useCases, metrics.observeClaim, dependencies.shutdown),
    ...clientRoutes(useCases),
  ];
  document = openApiDocument(routes, dependencies.version, settings.apiKeys.length > 0);
  const router = mountRoutes(routes);

  // Behind trusted proxies, ctx.ip (rate limits, logs) is the client's address from X-Forwarded-For.
  const app = new Koa({ proxy: settings.trustedProxies > 0, maxIpsCount: settings.trustedProxies });
  app.use(requestContext(logger));
  app.use(metrics.middleware);
  app.use(jsonFallbacks);
  if (settings.corsOrigins.length > 0) {
    const origins = new Set(settings.corsOrigins);
    app.use(cors({ origin: (ctx) => (origins.has('*') ? '*' : origins.has(ctx.get('Origin')) ? ctx.get('Origin') : ''), allowHeaders: ['Content-Type', 'X-API-Key'] }));
  }
  if (settings.rateLimitPerMinute !== null) app.use(rateLimit(settings.rateLimitPerMinute));
  app.use(apiKeyAuth(settings.apiKeys, publicMatcher(routes)));
  app.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: settings.bodyLimit,
      // Any body is JSON here: a client that forgets the content type gets a clear 400, not a silent empty body.
      detectJSON: () => true,
      encoding: 'utf-8',
    }),
  );
  app.use(router.routes());
  app.use(router.allowedMethods());
  return { app, routes };
};
