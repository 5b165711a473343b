import * as E from 'fp-ts/lib/Either.js';
import type { UseCases } from '../../../application/use-cases.js';
import { JobIdParams, ReportBody } from '../codecs/jobs.codecs.js';
import { route, type Route } from '../route.js';
import { presentOneJob } from './job-replies.js';

const reportRoute = (
  useCases: UseCases,
  action: 'start' | 'complete' | 'fail' | 'release',
  summary: string,
  report: (id: number, body: ReportBody) => ReturnType<UseCases['reportProgress']['start']>,
): Route =>
  route({
    method: 'post',
    path: `/jobs/{job_id}/${action}`,
    tag: 'workers',
    summary,
    description: 'Extension for workers holding a lease: `client_id` must be the lease holder (409 otherwise: the lease was lost).',
    params: JobIdParams,
    body: ReportBody,
    responses: { 200: 'The job', 404: 'No such job', 409: 'Illegal transition, or the lease is held by another worker' },
    handle: async ({ params, body }) => {
      const result = await report(params.job_id, body);
      return E.isLeft(result) ? result : E.right({ status: 200, body: await presentOneJob(useCases, result.right) });
    },
  });

export const workerReportRoutes = (useCases: UseCases): Route[] => [
  reportRoute(useCases, 'start', 'A worker starts a job it claimed', (id, body) => useCases.reportProgress.start(id, body.client_id ?? null)),
  reportRoute(useCases, 'complete', 'A worker reports a job done (exit code 0)', (id, body) =>
    useCases.reportProgress.complete(id, body.client_id ?? null),
  ),
  reportRoute(useCases, 'fail', 'A worker reports a job failed, with the reason and exit code', (id, body) =>
    useCases.reportProgress.fail(id, body.client_id ?? null, { reason: body.reason ?? 'failed', exitCode: body.exit_code ?? null }),
  ),
  reportRoute(useCases, 'release', 'A worker gives a job back to the queue without charging an attempt', (id, body) =>
    useCases.reportProgress.release(id, body.client_id ?? null),
  ),
];
