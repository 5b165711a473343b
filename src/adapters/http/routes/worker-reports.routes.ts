import * as E from 'fp-ts/lib/Either.js';
import type { UseCases } from '../../../application/use-cases.js';
import type { DomainError } from '../../../domain/errors.js';
import type { Job } from '../../../domain/job.js';
import type { JobStatus } from '../../../domain/job-status.js';
import { JobIdParams, MAX_REPORTS, ReportBody, ReportsBody } from '../codecs/jobs.codecs.js';
import { errorReply } from '../domain-error-status.js';
import { route, type Route } from '../route.js';
import { presentOneJob } from './job-replies.js';

const reportRoute = (
  useCases: UseCases,
  action: 'start' | 'complete' | 'fail' | 'release',
  summary: string,
  report: (id: number, body: ReportBody) => Promise<E.Either<DomainError, Job | RemovedOnComplete>>,
): Route =>
  route({
    method: 'post',
    path: `/jobs/{job_id}/${action}`,
    tag: 'workers',
    summary,
    description:
      'Extension for workers holding a lease: `client_id` must be the lease holder (409 otherwise: the lease was lost). ' +
      'A job whose retention is `remove_on_complete` is gone once it completed: the answer is then `{"id": n, "status": "COMPLETED", "removed": true}`.',
    params: JobIdParams,
    body: ReportBody,
    responses: { 200: 'The job', 404: 'No such job', 409: 'Illegal transition, or the lease is held by another worker' },
    handle: async ({ params, body }) => {
      const result = await report(params.job_id, body);
      if (E.isLeft(result)) return result;
      const job = result.right;
      return E.right({ status: 200, body: 'removed' in job ? job : await presentOneJob(useCases, job) });
    },
  });

/**
 * Many start/complete reports in one request: they reach the use case together, so they share one
 * transaction, applied in order (a job's start before its completion). Each report answers on its
 * own, leanly (a worker needs to know whether it may go on, not the whole job again): the job's
 * new status, or the refusal's status and detail.
 */
const manyReportsRoute = (useCases: UseCases): Route =>
  route({
    method: 'post',
    path: '/jobs/reports',
    tag: 'workers',
    summary: 'A worker reports several starts and completions at once',
    description: `Extension: \`{"client_id": w, "reports": [{"job_id": n, "action": "start" | "complete"}]}\` (1 to ${MAX_REPORTS}); answers \`{"results": [{"job_id": n, "status": "RUNNING" | "COMPLETED"} | {"job_id": n, "error": {"status": 404 | 409, "detail": "…"}}]}\` in the same order.`,
    body: ReportsBody,
    responses: { 200: 'One result per report, in order', 422: 'Invalid body' },
    handle: async ({ body }) => {
      const owner = body.client_id ?? null;
      const outcomes = await Promise.all(body.reports.map((report) => useCases.reportProgress[report.action](report.job_id, owner)));
      const results = outcomes.map((outcome, index) => {
        const jobId = body.reports[index]!.job_id;
        if (E.isRight(outcome)) return { job_id: jobId, status: outcome.right };
        const refusal = errorReply(outcome.left);
        return { job_id: jobId, error: { status: refusal.status, detail: refusal.body.detail } };
      });
      return E.right({ status: 200, body: { results } });
    },
  });

/** A completed job its retention removed at once, as a single report answers it. */
interface RemovedOnComplete {
  readonly id: number;
  readonly status: 'COMPLETED';
  readonly removed: true;
}

/** A start or completion answers with its status; the single-report routes answer with the job as it now stands. */
const thenTheJob = async (
  useCases: UseCases,
  id: number,
  reported: Promise<E.Either<DomainError, JobStatus>>,
): Promise<E.Either<DomainError, Job | RemovedOnComplete>> => {
  const status = await reported;
  if (E.isLeft(status)) return status;
  const job = await useCases.getJob.execute(id);
  const removed = E.isLeft(job) && job.left._tag === 'JobNotFound' && status.right === 'COMPLETED';
  return removed ? E.right({ id, status: 'COMPLETED', removed: true }) : job;
};

export const workerReportRoutes = (useCases: UseCases): Route[] => [
  manyReportsRoute(useCases),
  reportRoute(useCases, 'start', 'A worker starts a job it claimed', (id, body) => thenTheJob(useCases, id, useCases.reportProgress.start(id, body.client_id ?? null))),
  reportRoute(useCases, 'complete', 'A worker reports a job done (exit code 0)', (id, body) =>
    thenTheJob(useCases, id, useCases.reportProgress.complete(id, body.client_id ?? null)),
  ),
  reportRoute(useCases, 'fail', 'A worker reports a job failed, with the reason and exit code', (id, body) =>
    useCases.reportProgress.fail(id, body.client_id ?? null, { reason: body.reason ?? 'failed', exitCode: body.exit_code ?? null }),
  ),
  reportRoute(useCases, 'release', 'A worker gives a job back to the queue without charging an attempt', (id, body) =>
    useCases.reportProgress.release(id, body.client_id ?? null),
  ),
];
