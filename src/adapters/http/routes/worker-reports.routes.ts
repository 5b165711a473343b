import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { UseCases } from '../../../application/use-cases.js';
import { validationFailed, type DomainError } from '../../../domain/errors.js';
import type { Job } from '../../../domain/job.js';
import type { JobStatus } from '../../../domain/job-status.js';
import { JobIdParams, MAX_REPORTS, ReportBody, ReportsBody, type ReportsClaim } from '../codecs/jobs.codecs.js';
import { MAX_WAIT_SECONDS } from '../codecs/queue.codecs.js';
import { errorReply } from '../domain-error-status.js';
import { JobAnswer, RemovedJobAnswer } from '../answers/jobs.answers.js';
import { ReportsAnswer, type ReportResultAnswer } from '../answers/reports.answers.js';
import { failure, invalid, json } from '../answers/responses.js';
import { route, type Route } from '../route.js';
import { presentClaim, untilClientGone, type ClaimObserver } from './claim-answer.js';
import { presentOneJob } from './job-replies.js';

const reportRoute = (
  useCases: UseCases,
  action: 'start' | 'complete' | 'fail' | 'release',
  summary: string,
  report: (id: number, body: ReportBody) => Promise<E.Either<DomainError, Job | RemovedJobAnswer>>,
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
    responses: {
      200: json('The job, or `{id, status, removed}` for a job its retention removed', t.union([JobAnswer, RemovedJobAnswer])),
      404: failure('No such job'),
      409: failure('Illegal transition, or the lease is held by another worker'),
    },
    handle: async ({ params, body }) => {
      const result = await report(params.job_id, body);
      if (E.isLeft(result)) return result;
      const job = result.right;
      return E.right({ status: 200, body: 'removed' in job ? job : await presentOneJob(useCases, job) });
    },
  });

/** Each report's lean answer: the job's new status, or the refusal's status and detail. */
const reportResults = (reports: ReportsBody['reports'], outcomes: readonly E.Either<DomainError, JobStatus>[]): ReportResultAnswer[] =>
  outcomes.map((outcome, index) => {
    const jobId = reports[index]!.job_id;
    if (E.isRight(outcome)) return { job_id: jobId, status: outcome.right };
    const refusal = errorReply(outcome.left);
    return { job_id: jobId, error: { status: refusal.status, detail: refusal.body.detail } };
  });

/** The offer of a claim riding with reports: exact, as a worker's (0 is none free; no memory given, no memory filter). */
const offerOf = (claim: ReportsClaim) => ({
  cpu: claim.available_cpu,
  accelerators: claim.available_accelerators,
  memoryMb: claim.available_memory_mb ?? null,
});

/**
 * Many start/complete reports in one request: they reach the use case together, so they share one
 * transaction, applied in order (a job's start before its completion). Each report answers on its
 * own, leanly (a worker needs to know whether it may go on, not the whole job again): the job's
 * new status, or the refusal's status and detail. With `claim`, the worker's next claim joins that
 * transaction after the reports (ReportAndClaim) and answers as fetch_job's leased claim does.
 */
const manyReportsRoute = (useCases: UseCases, observeClaim: ClaimObserver, shutdown?: AbortSignal): Route =>
  route({
    method: 'post',
    path: '/jobs/reports',
    tag: 'workers',
    summary: 'A worker reports several starts and completions at once, and may claim its next jobs',
    description:
      `Extension: \`{"client_id": w, "reports": [{"job_id": n, "action": "start" | "complete"}]}\` (1 to ${MAX_REPORTS}); answers ` +
      '`{"results": [{"job_id": n, "status": "RUNNING" | "COMPLETED"} | {"job_id": n, "error": {"status": 404 | 409, "detail": "…"}}]}` in the same order. ' +
      'Optional `claim`: `{"project_id": p, "available_cpu": c, "available_accelerators": a, "available_memory_mb"?: m, "limit"?: n, "fit"?: "together" | "each", ' +
      `"wait"?: seconds (0 to ${MAX_WAIT_SECONDS}), "tasks"?: "each" | "once"}\` (needs \`client_id\`, the lease holder): after the reports (in their transaction when they made jobs of that project ready, else right after it), ` +
      'claims as `fetch_job?client_id=w&exact=true&limit=n&fit=…` would (an exact offer: 0 means none free), so that a completion that makes a dependent ready ' +
      'may hand it to the same worker at once if it comes first in claim order (priority DESC, then id). The answer then also has `claim`: fetch_job\'s leased answer ' +
      '(`{"job", "num_pending", "task", "lease_expires_at", "more"}`), or `{"error": {"status": 404, "detail": "…"}}` for an unknown project. With `wait`, a claim that ' +
      'finds nothing waits for a job (the reports are already applied); without it, it answers at once. Without `claim`, the answer is as before.',
    body: ReportsBody,
    responses: { 200: json('One result per report, in order (and the claim, when asked)', ReportsAnswer), 422: invalid('Invalid body (a `claim` without `client_id` included)') },
    handle: async ({ body, ctx }) => {
      const owner = body.client_id ?? null;
      const { claim } = body;
      if (claim === undefined) {
        const outcomes = await Promise.all(body.reports.map((report) => useCases.reportProgress[report.action](report.job_id, owner)));
        return E.right({ status: 200, body: { results: reportResults(body.reports, outcomes) } satisfies ReportsAnswer });
      }
      if (owner === null) return E.left(validationFailed('client_id', 'a claim needs client_id: the worker that will hold its lease'));
      const reports = body.reports.map((report) => ({ jobId: report.job_id, action: report.action }));
      const applied = await untilClientGone(ctx, shutdown, (abort) =>
        useCases.reportAndClaim.execute(owner, reports, {
          projectId: claim.project_id,
          offer: offerOf(claim),
          waitMs: Math.round((claim.wait ?? 0) * 1000),
          countPending: false,
          limit: claim.limit ?? 1,
          fit: claim.fit ?? 'together',
          abort,
        }),
      );
      const results = reportResults(body.reports, applied.results);
      if (E.isLeft(applied.claim)) {
        const refusal = errorReply(applied.claim.left);
        return E.right({ status: 200, body: { results, claim: { error: { status: refusal.status, detail: refusal.body.detail } } } satisfies ReportsAnswer });
      }
      observeClaim(applied.claim.right.claimed.length > 0, true);
      const claimed = await presentClaim(useCases, applied.claim.right, { leased: true, more: true, tasksOnce: claim.tasks === 'once' });
      return E.right({ status: 200, body: { results, claim: claimed } satisfies ReportsAnswer });
    },
  });

/** A start or completion answers with its status; the single-report routes answer with the job as it now stands. */
const thenTheJob = async (
  useCases: UseCases,
  id: number,
  reported: Promise<E.Either<DomainError, JobStatus>>,
): Promise<E.Either<DomainError, Job | RemovedJobAnswer>> => {
  const status = await reported;
  if (E.isLeft(status)) return status;
  const job = await useCases.getJob.execute(id);
  const removed = E.isLeft(job) && job.left._tag === 'JobNotFound' && status.right === 'COMPLETED';
  return removed ? E.right({ id, status: 'COMPLETED', removed: true }) : job;
};

export const workerReportRoutes = (useCases: UseCases, observeClaim: ClaimObserver = () => {}, shutdown?: AbortSignal): Route[] => [
  manyReportsRoute(useCases, observeClaim, shutdown),
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
