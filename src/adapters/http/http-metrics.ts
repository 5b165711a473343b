import type { Middleware } from 'koa';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { SchedulerMetrics } from './scheduler-metrics.js';

/** Prometheus metrics of one server: requests, latencies, claims, the scheduler, and the process itself. */
export class HttpMetrics {
  readonly registry = new Registry();
  /** The scheduler's events and gauges: bound as the container's SchedulerEvents by the composition root. */
  readonly scheduler = new SchedulerMetrics(this.registry);
  private readonly requests = new Counter({
    name: 'whatsnext_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'whatsnext_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60],
    registers: [this.registry],
  });
  private readonly claims = new Counter({
    name: 'whatsnext_claims_total',
    help: 'Claims answered (fetch_job, and claims riding with worker reports): a job handed out, or none',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  private readonly claimsWithReports = new Counter({
    name: 'whatsnext_claims_with_reports_total',
    help: 'Claims that rode with worker reports (POST /jobs/reports with a claim): a job handed out, or none',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'whatsnext_' });
  }

  readonly middleware: Middleware = async (ctx, next) => {
    const stop = performance.now();
    try {
      await next();
    } finally {
      // The matched route pattern keeps label cardinality bounded (never the raw URL).
      const route = typeof ctx['_matchedRoute'] === 'string' ? ctx['_matchedRoute'] : 'unmatched';
      this.requests.inc({ method: ctx.method, route, status: String(ctx.status) });
      this.latency.observe({ method: ctx.method, route }, (performance.now() - stop) / 1000);
    }
  };

  observeClaim = (claimed: boolean, withReports = false): void => {
    const result = claimed ? 'job' : 'empty';
    this.claims.inc({ result });
    if (withReports) this.claimsWithReports.inc({ result });
  };
}
