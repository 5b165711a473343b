import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import type { UseCases } from '../../../application/use-cases.js';
import { ClientIdParams, ClientListQuery, RegisterClientBody, UpdateClientBody } from '../codecs/clients.codecs.js';
import { pageOf } from '../codecs/paging.codecs.js';
import { iso } from '../presenters/timestamps.js';
import { presentWorker } from '../presenters/worker.presenter.js';
import { DeactivatedAnswer, HeartbeatAnswer, WorkerAnswer } from '../answers/clients.answers.js';
import { DataOf } from '../answers/common.answers.js';
import { failure, invalid, json, noContent } from '../answers/responses.js';
import { route, type Route } from '../route.js';

const DEFAULT_LIMIT = 100;

/** Workers, called "clients" on the wire as by the original. */
export const clientRoutes = (useCases: UseCases): Route[] => [
  route({
    method: 'get',
    path: '/clients/',
    collection: true,
    tag: 'clients',
    summary: 'List workers',
    description: '`active_only` defaults to true; `True`/`False` are understood.',
    query: ClientListQuery,
    responses: { 200: json('Workers, ordered by id', t.array(WorkerAnswer)), 422: invalid('Invalid query') },
    handle: async ({ query }) =>
      pipe(await useCases.listWorkers.execute(query.active_only ?? true, pageOf(query, DEFAULT_LIMIT)), E.map((list) => ({ status: 200, body: list.map(presentWorker) }))),
  }),
  route({
    method: 'post',
    path: '/clients/register',
    tag: 'clients',
    summary: 'Register a worker (again)',
    description: 'Registering a known id refreshes it and makes it active again.',
    body: RegisterClientBody,
    responses: { 201: json('The worker', WorkerAnswer), 422: invalid('Invalid body or id') },
    handle: async ({ body }) =>
      pipe(
        await useCases.registerWorker.execute({
          id: body.id,
          name: body.name,
          entity: body.entity,
          description: body.description ?? null,
          resources: { cpu: body.available_cpu ?? 0, accelerators: body.available_accelerators ?? 0, memoryMb: body.available_memory_mb ?? 0 },
        }),
        E.map((worker) => ({ status: 201, body: presentWorker(worker) })),
      ),
  }),
  route({
    method: 'get',
    path: '/clients/{client_id}',
    tag: 'clients',
    summary: 'Get a worker',
    params: ClientIdParams,
    responses: { 200: json('The worker', WorkerAnswer), 404: failure('No such worker') },
    handle: async ({ params }) => pipe(await useCases.getWorker.execute(params.client_id), E.map((worker) => ({ status: 200, body: presentWorker(worker) }))),
  }),
  route({
    method: 'post',
    path: '/clients/{client_id}/heartbeat',
    tag: 'clients',
    summary: 'A worker is alive: renews the leases it holds',
    description: '`held_job_ids` lists the jobs it still holds; any other job it runs was cancelled or lost.',
    params: ClientIdParams,
    responses: { 200: json('The leases it holds, renewed', HeartbeatAnswer), 404: failure('No such worker') },
    handle: async ({ params }) =>
      pipe(
        await useCases.workerHeartbeat.execute(params.client_id),
        E.map((answer) => ({ status: 200, body: { status: 'ok', held_job_ids: [...answer.heldJobIds], lease_expires_at: iso(answer.leaseExpiresAt) } satisfies HeartbeatAnswer })),
      ),
  }),
  route({
    method: 'put',
    path: '/clients/{client_id}',
    tag: 'clients',
    summary: "Update a worker's resources or activity",
    params: ClientIdParams,
    body: UpdateClientBody,
    responses: { 200: json('`{"data": worker}`', DataOf(WorkerAnswer)), 404: failure('No such worker'), 422: invalid('Invalid body') },
    handle: async ({ params, body }) =>
      pipe(
        await useCases.updateWorker.execute(params.client_id, {
          resources: {
            ...(body.available_cpu != null ? { cpu: body.available_cpu } : {}),
            ...(body.available_accelerators != null ? { accelerators: body.available_accelerators } : {}),
            ...(body.available_memory_mb != null ? { memoryMb: body.available_memory_mb } : {}),
          },
          ...(body.is_active != null ? { active: Boolean(body.is_active) } : {}),
        }),
        E.map((worker) => ({ status: 200, body: { data: presentWorker(worker) } })),
      ),
  }),
  route({
    method: 'post',
    path: '/clients/{client_id}/deactivate',
    tag: 'clients',
    summary: 'Mark a worker inactive',
    params: ClientIdParams,
    responses: { 200: json('Deactivated', DeactivatedAnswer), 404: failure('No such worker') },
    handle: async ({ params }) => pipe(await useCases.updateWorker.deactivate(params.client_id), E.map(() => ({ status: 200, body: { status: 'deactivated' } }))),
  }),
  route({
    method: 'delete',
    path: '/clients/{client_id}',
    tag: 'clients',
    summary: 'Forget a worker',
    params: ClientIdParams,
    responses: { 204: noContent('Deleted'), 404: failure('No such worker') },
    handle: async ({ params }) => pipe(await useCases.deleteWorker.execute(params.client_id), E.map(() => ({ status: 204 }))),
  }),
];
