import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { DEFAULT_REQUIREMENTS } from '../../../domain/resources.js';
import { DEFAULT_MAX_ATTEMPTS } from '../../../domain/task.js';
import type { UseCases } from '../../../application/use-cases.js';
import { pageOf } from '../codecs/paging.codecs.js';
import { CreateTaskBody, TaskByNameQuery, TaskIdParams, TaskListQuery, TaskNameParams, UpdateTaskBody } from '../codecs/tasks.codecs.js';
import { presentTask } from '../presenters/task.presenter.js';
import { DataOf } from '../answers/common.answers.js';
import { failure, invalid, json, noContent } from '../answers/responses.js';
import { TaskAnswer } from '../answers/tasks.answers.js';
import { route, type Route } from '../route.js';
import { taskChanges } from './task-fields.js';

const DEFAULT_LIMIT = 10;

export const taskRoutes = (useCases: UseCases): Route[] => [
  route({
    method: 'get',
    path: '/tasks/',
    collection: true,
    tag: 'tasks',
    summary: "List a project's tasks",
    query: TaskListQuery,
    responses: { 200: json('Tasks, ordered by id', t.array(TaskAnswer)), 404: failure('No such project'), 422: invalid('Invalid query (project_id is required)') },
    handle: async ({ query }) =>
      pipe(await useCases.listTasks.execute(query.project_id, pageOf(query, DEFAULT_LIMIT)), E.map((tasks) => ({ status: 200, body: tasks.map(presentTask) }))),
  }),
  route({
    method: 'post',
    path: '/tasks/',
    collection: true,
    tag: 'tasks',
    summary: 'Create a task',
    description: "Extension: `retention` (as a project's, see `POST /projects/`) overrides the project's for this task's jobs; null or absent follows the project.",
    body: CreateTaskBody,
    referencedInBody: ['ProjectNotFound'],
    responses: { 201: json('The task', TaskAnswer), 400: failure('No such project'), 409: failure('The project has a task of that name'), 422: invalid('Invalid body') },
    handle: async ({ body }) => {
      const fields = {
        name: body.name,
        commandTemplate: null,
        requirements: DEFAULT_REQUIREMENTS,
        maxAttempts: DEFAULT_MAX_ATTEMPTS,
        retryOnFailure: false,
        timeoutSeconds: null,
        ...taskChanges(body, DEFAULT_REQUIREMENTS),
      };
      return pipe(await useCases.createTask.execute(body.project_id, fields), E.map((task) => ({ status: 201, body: presentTask(task) })));
    },
  }),
  route({
    method: 'get',
    path: '/tasks/name/{name}',
    tag: 'tasks',
    summary: 'Get a task by its exact name',
    description: 'With `project_id`, in that project; without, the oldest task of that name.',
    params: TaskNameParams,
    query: TaskByNameQuery,
    responses: { 200: json('The task', TaskAnswer), 404: failure('No such task'), 422: invalid('Invalid query') },
    handle: async ({ params, query }) =>
      pipe(await useCases.getTask.byName(params.name, query.project_id ?? null), E.map((task) => ({ status: 200, body: presentTask(task) }))),
  }),
  route({
    method: 'get',
    path: '/tasks/{task_id}',
    tag: 'tasks',
    summary: 'Get a task',
    description: 'A non-integer id is a 404, so that clients fall back to the lookup by name.',
    params: TaskIdParams,
    badParamStatus: 404,
    responses: { 200: json('The task', TaskAnswer), 404: failure('No such task (or the id is not an integer)') },
    handle: async ({ params }) => pipe(await useCases.getTask.byId(params.task_id), E.map((task) => ({ status: 200, body: presentTask(task) }))),
  }),
  route({
    method: 'put',
    path: '/tasks/{task_id}',
    tag: 'tasks',
    summary: "Update a task; its jobs not yet claimed follow its new requirements",
    params: TaskIdParams,
    body: UpdateTaskBody,
    responses: { 200: json('`{"data": task}`', DataOf(TaskAnswer)), 404: failure('No such task'), 409: failure('The new name is taken'), 422: invalid('Invalid body') },
    handle: async ({ params, body }) => {
      const current = await useCases.getTask.byId(params.task_id);
      if (E.isLeft(current)) return current;
      return pipe(
        await useCases.updateTask.execute(params.task_id, taskChanges(body, current.right.requirements)),
        E.map((task) => ({ status: 200, body: { data: presentTask(task) } })),
      );
    },
  }),
  route({
    method: 'delete',
    path: '/tasks/{task_id}',
    tag: 'tasks',
    summary: 'Delete a task with its jobs',
    description: 'Jobs of other tasks that waited on them become BLOCKED.',
    params: TaskIdParams,
    responses: { 204: noContent('Deleted'), 404: failure('No such task'), 422: invalid('The id is not an integer') },
    handle: async ({ params }) => pipe(await useCases.deleteTask.execute(params.task_id), E.map(() => ({ status: 204 }))),
  }),
];
