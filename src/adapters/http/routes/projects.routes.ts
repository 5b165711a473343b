import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import type { UseCases } from '../../../application/use-cases.js';
import {
  CreateProjectBody,
  ProjectIdParams,
  ProjectListQuery,
  ProjectNameParams,
  UpdateProjectBody,
} from '../codecs/projects.codecs.js';
import { pageOf } from '../codecs/paging.codecs.js';
import { presentProject } from '../presenters/project.presenter.js';
import { DataOf } from '../answers/common.answers.js';
import { ProjectAnswer } from '../answers/projects.answers.js';
import { failure, invalid, json, noContent } from '../answers/responses.js';
import { route, type Route } from '../route.js';

/** Extension: what `retention` means, for the project routes' documentation. */
const RETENTION_NOTE =
  'Extension: `retention` is how long finished jobs stay: `keep` (the default: forever), a period (`30d`, `12h`, `90m`, `3600s`: ' +
  'COMPLETED, FAILED and CANCELLED jobs are deleted that long after they finished, by a background sweep) or `remove_on_complete` ' +
  '(a job is deleted as it completes; failed ones stay). A task may set its own.';

const DEFAULT_LIMIT = 10;

export const projectRoutes = (useCases: UseCases): Route[] => [
  route({
    method: 'get',
    path: '/projects/',
    collection: true,
    tag: 'projects',
    summary: 'List projects',
    description: 'Ordered by id. `status_filter` defaults to ACTIVE; `all` (or empty) lists every project.',
    query: ProjectListQuery,
    responses: { 200: json('Projects, ordered by id', t.array(ProjectAnswer)), 422: invalid('Invalid query') },
    handle: async ({ query }) => {
      const filter = query.status_filter === undefined ? 'ACTIVE' : query.status_filter === '' || query.status_filter === 'ALL' ? null : query.status_filter;
      const projects = await useCases.listProjects.execute(filter, pageOf(query, DEFAULT_LIMIT));
      return pipe(projects, E.map((list) => ({ status: 200, body: list.map(presentProject) })));
    },
  }),
  route({
    method: 'post',
    path: '/projects/',
    collection: true,
    tag: 'projects',
    summary: 'Create a project',
    description: RETENTION_NOTE,
    body: CreateProjectBody,
    responses: { 201: json('The project', ProjectAnswer), 409: failure('A project with that name exists'), 422: invalid('Invalid body') },
    handle: async ({ body }) =>
      pipe(await useCases.createProject.execute({
          name: body.name,
          description: body.description ?? '',
          status: body.status ?? 'ACTIVE',
          ...(body.retention === undefined ? {} : { retention: body.retention }),
        }), E.map((project) => ({ status: 201, body: presentProject(project) }))),
  }),
  route({
    method: 'get',
    path: '/projects/name/{name}',
    tag: 'projects',
    summary: 'Get a project by its exact name',
    params: ProjectNameParams,
    responses: { 200: json('The project', ProjectAnswer), 404: failure('No such project') },
    handle: async ({ params }) =>
      pipe(await useCases.getProject.byName(params.name), E.map((project) => ({ status: 200, body: presentProject(project) }))),
  }),
  route({
    method: 'delete',
    path: '/projects/name/{name}',
    tag: 'projects',
    summary: 'Delete a project by name, with its tasks and jobs',
    params: ProjectNameParams,
    responses: { 204: noContent('Deleted'), 404: failure('No such project') },
    handle: async ({ params }) => E.map(() => ({ status: 204 }))(await useCases.deleteProject.byName(params.name)),
  }),
  route({
    method: 'get',
    path: '/projects/{project_id}',
    tag: 'projects',
    summary: 'Get a project',
    params: ProjectIdParams,
    responses: { 200: json('The project', ProjectAnswer), 404: failure('No such project'), 422: invalid('The id is not an integer') },
    handle: async ({ params }) =>
      pipe(await useCases.getProject.byId(params.project_id), E.map((project) => ({ status: 200, body: presentProject(project) }))),
  }),
  route({
    method: 'put',
    path: '/projects/{project_id}',
    tag: 'projects',
    summary: 'Update a project (name, description, status, retention)',
    description: RETENTION_NOTE,
    params: ProjectIdParams,
    body: UpdateProjectBody,
    responses: { 200: json('`{"data": project}`', DataOf(ProjectAnswer)), 404: failure('No such project'), 409: failure('The new name is taken'), 422: invalid('Invalid body') },
    handle: async ({ params, body }) =>
      pipe(await useCases.updateProject.execute(params.project_id, body), E.map((project) => ({ status: 200, body: { data: presentProject(project) } }))),
  }),
  route({
    method: 'delete',
    path: '/projects/{project_id}',
    tag: 'projects',
    summary: 'Delete a project with its tasks and jobs',
    params: ProjectIdParams,
    responses: { 204: noContent('Deleted'), 404: failure('No such project') },
    handle: async ({ params }) => E.map(() => ({ status: 204 }))(await useCases.deleteProject.byId(params.project_id)),
  }),
];
