import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { offerFromLegacy } from '../../../domain/resources.js';
import type { UseCases } from '../../../application/use-cases.js';
import { BatchBody } from '../codecs/jobs.codecs.js';
import { ProjectIdParams } from '../codecs/projects.codecs.js';
import { FetchJobQuery, ProjectJobParams } from '../codecs/queue.codecs.js';
import { BatchAnswer, ClaimAnswer, DeletedAnswer, StatsAnswer } from '../answers/queue.answers.js';
import { failure, invalid, json, noContent } from '../answers/responses.js';
import { presentQueueStats } from '../presenters/queue-stats.presenter.js';
import { route, type Route } from '../route.js';
import { batchSpecs } from './batch-specs.js';
import { presentClaim, untilClientGone, type ClaimObserver } from './claim-answer.js';

export const queueRoutes = (useCases: UseCases, observeClaim: ClaimObserver = () => {}, shutdown?: AbortSignal): Route[] => [
  route({
    method: 'get',
    path: '/projects/{project_id}/fetch_job',
    tag: 'queue',
    summary: 'Claim the next job that fits',
    description:
      'Atomic: no job goes to two callers. Order: priority DESC, then id. `available_*` of 0 (or absent) means no filter, as the original. ' +
      'Extensions: `wait` long-polls up to that many seconds; `client_id` takes a lease (renewed by heartbeats, requeued when it expires) and adds ' +
      '`task` and `lease_expires_at` to the answer; `exact=true` makes 0 mean "none free"; `limit` (with `client_id`) claims up to that many ' +
      'jobs that fit the offer together (or each on its own with `fit=each`), the ones after the first in `more` as `{job, task}`; with ' +
      '`tasks=once`, an entry whose task came earlier in the answer is `{job}` alone.',
    params: ProjectIdParams,
    query: FetchJobQuery,
    responses: { 200: json('`{"job": job | null, "num_pending": n}`, and more with a lease', ClaimAnswer), 404: failure('No such project'), 422: invalid('Invalid query') },
    handle: async ({ params, query, ctx }) => {
      const cpu = query.available_cpu ?? 0;
      const accelerators = query.available_accelerators ?? 0;
      const memoryMb = query.available_memory_mb ?? 0;
      const offer = query.exact
        ? { cpu, accelerators, memoryMb: query.available_memory_mb === undefined ? null : memoryMb }
        : offerFromLegacy(cpu, accelerators, memoryMb);
      const leased = query.client_id !== undefined;
      const claim = await untilClientGone(ctx, shutdown, (abort) =>
        useCases.claimJob.execute({
          projectId: params.project_id,
          offer,
          owner: query.client_id ?? null,
          lease: leased,
          waitMs: Math.round((query.wait ?? 0) * 1000),
          countPending: !leased,
          limit: leased ? (query.limit ?? 1) : 1,
          fit: query.fit ?? 'together',
          abort,
        }),
      );
      if (E.isLeft(claim)) return claim;
      observeClaim(claim.right.claimed.length > 0);
      const body = await presentClaim(useCases, claim.right, { leased, more: query.limit !== undefined, tasksOnce: query.tasks === 'once' });
      return E.right({ status: 200, body });
    },
  }),
  route({
    method: 'post',
    path: '/projects/{project_id}/jobs/batch',
    tag: 'queue',
    summary: 'Submit many jobs, or a whole DAG, in one transaction',
    description:
      'Job ids come back in request order. Extensions: a job may carry a `key`, and `depends_on` lists existing job ids, ' +
      'keys of jobs in the same batch, or `{"position": n}`. A `depends` key that is not an integer is a job name: the job of that ' +
      'name in the batch, else in the project (422 when no job or several have it). Either the whole batch is stored or none of it.',
    params: ProjectIdParams,
    body: BatchBody,
    referencedInBody: ['TaskNotFound'],
    responses: {
      201: json('The new ids, in request order', BatchAnswer),
      400: failure('Unknown task or dependency, or a cycle'),
      404: failure('No such project'),
      422: invalid('Invalid body, or a `depends` name naming no job or several'),
    },
    handle: async ({ params, body, rawBody }) => {
      const specs = batchSpecs(body, rawBody);
      if (E.isLeft(specs)) return specs;
      return pipe(
        await useCases.submitJobs.execute(params.project_id, specs.right),
        E.map((jobs) => ({ status: 201, body: { created: jobs.length, job_ids: jobs.map((job) => job.id) } satisfies BatchAnswer })),
      );
    },
  }),
  route({
    method: 'delete',
    path: '/projects/{project_id}/queue',
    tag: 'queue',
    summary: "Delete the project's PENDING jobs",
    params: ProjectIdParams,
    responses: { 200: json('How many were deleted', DeletedAnswer), 404: failure('No such project') },
    handle: async ({ params }) => pipe(await useCases.clearQueue.execute(params.project_id), E.map((deleted) => ({ status: 200, body: { deleted } satisfies DeletedAnswer }))),
  }),
  route({
    method: 'delete',
    path: '/projects/{project_id}/jobs/{job_id}',
    tag: 'queue',
    summary: 'Delete a job of the project, whatever its state',
    params: ProjectJobParams,
    responses: { 204: noContent('Deleted'), 404: failure('No such job in this project') },
    handle: async ({ params }) => pipe(await useCases.deleteJob.execute(params.job_id, params.project_id), E.map(() => ({ status: 204 }))),
  }),
  route({
    method: 'get',
    path: '/projects/{project_id}/stats',
    tag: 'queue',
    summary: 'Job counts by status and by task (extension)',
    params: ProjectIdParams,
    responses: { 200: json('Statistics', StatsAnswer), 404: failure('No such project') },
    handle: async ({ params }) =>
      pipe(
        await useCases.queueStats.execute(params.project_id),
        E.map((stats) => ({ status: 200, body: presentQueueStats(stats) })),
      ),
  }),
];
