import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import type { DomainError } from '../../../domain/errors.js';
import type { Job } from '../../../domain/job.js';
import type { UseCases } from '../../../application/use-cases.js';
import { CreateJobBody, JobIdParams, JobListQuery, UpdateJobBody } from '../codecs/jobs.codecs.js';
import { pageOf } from '../codecs/paging.codecs.js';
import { presentJobHistory } from '../presenters/status-change.presenter.js';
import { ExactBody } from '../../json/exact-body.js';
import { sameJsonValue } from '../../json/exact-json.js';
import { DataOf } from '../answers/common.answers.js';
import { DependencyStatusAnswer, JobAnswer, JobHistoryAnswer } from '../answers/jobs.answers.js';
import { failure, invalid, json, noContent } from '../answers/responses.js';
import { presentDependencyStatus } from '../presenters/dependency-status.presenter.js';
import { route, type Reply, type Route } from '../route.js';
import { validationFailed } from '../../../domain/errors.js';
import { dependencyKeys, dependencyRefs } from './depends.js';
import { presentJobs, presentOneJob } from './job-replies.js';

const DEFAULT_LIMIT = 10;

const replyWith = async (useCases: UseCases, result: E.Either<DomainError, Job>, status: number, wrap = false): Promise<E.Either<DomainError, Reply>> => {
  if (E.isLeft(result)) return result;
  const job = await presentOneJob(useCases, result.right);
  return E.right({ status, body: wrap ? { data: job } : job });
};

export const jobRoutes = (useCases: UseCases): Route[] => [
  route({
    method: 'get',
    path: '/jobs/',
    collection: true,
    tag: 'jobs',
    summary: 'List jobs',
    description:
      'Ordered by id; filter by project, task and status (any case, or `all`). `after_id` (extension) starts after that id: ' +
      'pass the last id of a page to get the next, found from that key (`skip` reads every row it skips).',
    query: JobListQuery,
    responses: { 200: json('Jobs, ordered by id', t.array(JobAnswer)), 404: failure('No such project'), 422: invalid('Invalid query') },
    handle: async ({ query }) => {
      const jobs = await useCases.listJobs.execute({
        projectId: query.project_id ?? null,
        taskId: query.task_id ?? null,
        status: query.status === undefined || query.status === 'ALL' ? null : query.status,
        afterId: query.after_id ?? null,
        ...pageOf(query, DEFAULT_LIMIT),
      });
      return E.isLeft(jobs) ? jobs : E.right({ status: 200, body: await presentJobs(useCases, jobs.right) });
    },
  }),
  route({
    method: 'post',
    path: '/jobs/',
    collection: true,
    tag: 'jobs',
    summary: 'Submit a job',
    description: 'A job waiting on a FAILED, BLOCKED or CANCELLED job is BLOCKED at once.',
    body: CreateJobBody,
    referencedInBody: ['ProjectNotFound', 'TaskNotFound'],
    responses: {
      201: json('The job', JobAnswer),
      400: failure('Unknown project, task or dependency, or a cycle'),
      422: invalid('Invalid body, or a `depends` name naming no job or several'),
    },
    handle: async ({ body, rawBody }) => {
      if (body.status !== undefined && body.status !== 'PENDING') {
        return E.left(validationFailed('status', `a new job starts PENDING, not ${body.status}`));
      }
      const parameters = new ExactBody(rawBody).textAt(['parameters'], '{}');
      if (E.isLeft(parameters)) return parameters;
      const depends = dependencyRefs(body.depends);
      if (E.isLeft(depends)) return depends;
      const submitted = await useCases.submitJobs.execute(body.project_id, [
        {
          key: null,
          name: body.name,
          taskId: body.task_id,
          parameters: parameters.right,
          priority: body.priority ?? 0,
          dependsOn: depends.right,
        },
      ]);
      return replyWith(useCases, E.map((jobs: Job[]) => jobs[0]!)(submitted), 201);
    },
  }),
  route({
    method: 'get',
    path: '/jobs/{job_id}',
    tag: 'jobs',
    summary: 'Get a job',
    params: JobIdParams,
    responses: { 200: json('The job', JobAnswer), 404: failure('No such job'), 422: invalid('The id is not an integer') },
    handle: async ({ params }) => replyWith(useCases, await useCases.getJob.execute(params.job_id), 200),
  }),
  route({
    method: 'put',
    path: '/jobs/{job_id}',
    tag: 'jobs',
    summary: 'Update a job',
    description:
      'Any subset of name, task_id, parameters, priority, depends and status; what GET returned may be sent back. ' +
      '`depends` keys are job ids or job names of the project. Task and parameters change only before the job is claimed; ' +
      'a claimed job may gain COMPLETED dependencies only (a cycle is 400 first). Status changes follow the state machine: ' +
      'QUEUED→RUNNING→COMPLETED/FAILED, QUEUED→FAILED, FAILED/BLOCKED/CANCELLED→PENDING (retry), *→CANCELLED; others are 409.',
    params: JobIdParams,
    body: UpdateJobBody,
    referencedInBody: ['TaskNotFound'],
    responses: {
      200: json('`{"data": job}`', DataOf(JobAnswer)),
      400: failure('Unknown task or dependency, or a cycle'),
      404: failure('No such job'),
      409: failure('Illegal transition, with the reason'),
      422: invalid('Invalid body, or a `depends` name naming no job or several'),
    },
    handle: async ({ params, body, rawBody }) => {
      const exact = new ExactBody(rawBody);
      const parameters = exact.has(['parameters']) ? exact.textAt(['parameters'], '{}') : E.right(undefined);
      if (E.isLeft(parameters)) return parameters;
      const depends = body.depends === undefined ? E.right(undefined) : dependencyKeys(body.depends);
      if (E.isLeft(depends)) return depends;
      const changes = {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.project_id !== undefined ? { projectId: body.project_id } : {}),
        ...(body.task_id !== undefined ? { taskId: body.task_id } : {}),
        // Clients send back what they read, re-spelled by their JSON library (Python writes
        // 1e-07 for 1e-7): the same value is no change, even on a job already claimed.
        ...(parameters.right !== undefined ? { parameters: parameters.right, sameParameters: sameJsonValue } : {}),
        ...(body.priority !== undefined ? { priority: body.priority } : {}),
        ...(depends.right !== undefined ? { dependsOn: depends.right } : {}),
        ...(body.status !== undefined ? { status: body.status } : {}),
      };
      return replyWith(useCases, await useCases.updateJob.execute(params.job_id, changes), 200, true);
    },
  }),
  route({
    method: 'delete',
    path: '/jobs/{job_id}',
    tag: 'jobs',
    summary: 'Delete a job',
    description: 'Jobs that waited on it become BLOCKED.',
    params: JobIdParams,
    responses: { 204: noContent('Deleted'), 404: failure('No such job') },
    handle: async ({ params }) => E.map(() => ({ status: 204 }))(await useCases.deleteJob.execute(params.job_id)),
  }),
  route({
    method: 'get',
    path: '/jobs/{job_id}/dependencies',
    tag: 'jobs',
    summary: "Where a job's dependencies stand",
    params: JobIdParams,
    responses: { 200: json('Dependency status', DependencyStatusAnswer), 404: failure('No such job') },
    handle: async ({ params }) =>
      pipe(await useCases.dependencyStatus.execute(params.job_id), E.map((report) => ({ status: 200, body: presentDependencyStatus(report) }))),
  }),
  route({
    method: 'get',
    path: '/jobs/{job_id}/history',
    tag: 'jobs',
    summary: "A job's status changes (extension)",
    description:
      'Oldest first (the latest 100): `from`, `to`, `at`, the `worker` holding or giving up the lease, the `attempt` count after ' +
      'the change and, for a failed run, the first line of its `reason`. Creation is `created_at`; the job began in the first ' +
      "change's `from`, or in its current status when nothing changed.",
    params: JobIdParams,
    responses: { 200: json('Status changes, oldest first', JobHistoryAnswer), 404: failure('No such job'), 422: invalid('The id is not an integer') },
    handle: async ({ params }) =>
      pipe(await useCases.jobHistory.execute(params.job_id), E.map((report) => ({ status: 200, body: presentJobHistory(report) }))),
  }),
  route({
    method: 'post',
    path: '/jobs/{job_id}/cancel',
    tag: 'jobs',
    summary: 'Cancel a job (extension)',
    description: 'Its dependents become BLOCKED; a running job is stopped by its worker at the next heartbeat.',
    params: JobIdParams,
    responses: { 200: json('The job', JobAnswer), 404: failure('No such job'), 409: failure('The job has already finished') },
    handle: async ({ params }) => replyWith(useCases, await useCases.cancelJob.execute(params.job_id), 200),
  }),
  route({
    method: 'post',
    path: '/jobs/{job_id}/retry',
    tag: 'jobs',
    summary: 'Retry a FAILED, CANCELLED or BLOCKED job (extension)',
    description: 'A BLOCKED job is retried by retrying the failure that blocks it; its blocked dependents come back too.',
    params: JobIdParams,
    responses: { 200: json('The job', JobAnswer), 404: failure('No such job'), 409: failure('The job is not FAILED, CANCELLED or BLOCKED') },
    handle: async ({ params }) => replyWith(useCases, await useCases.retryJob.execute(params.job_id), 200),
  }),
];
