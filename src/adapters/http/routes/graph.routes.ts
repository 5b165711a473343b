import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { MAX_SLICE_JOBS, type GraphSlice } from '../../../application/jobs/graph-slice.js';
import type { UseCases } from '../../../application/use-cases.js';
import { GraphJobsQuery } from '../codecs/graph.codecs.js';
import { ProjectIdParams } from '../codecs/projects.codecs.js';
import { route, type Route } from '../route.js';

const presentSlice = (slice: GraphSlice, paged: boolean) => ({
  project_id: slice.projectId,
  jobs: slice.jobs.map((job) => ({ id: job.id, name: job.name, task_id: job.taskId, status: job.status })),
  dependencies: slice.edges.map((edge) => ({
    job_id: edge.jobId,
    depends_on_id: edge.dependsOnId,
    job_task_id: edge.jobTaskId,
    depends_on_task_id: edge.dependsOnTaskId,
  })),
  more: slice.more,
  next_after_id: paged && slice.more ? (slice.jobs.at(-1)?.id ?? null) : null,
});

/** The DAG of a large project without reading it whole: condensed by task, and bounded slices of it (extensions). */
export const graphRoutes = (useCases: UseCases): Route[] => [
  route({
    method: 'get',
    path: '/projects/{project_id}/graph',
    tag: 'queue',
    summary: 'The DAG condensed by task (extension)',
    description:
      'Each task with jobs is a node with its job counts by status; each `dependencies` entry counts the job dependencies from jobs of ' +
      '`task_id` on jobs of `depends_on_task_id` (the same task included). Read from counts kept as jobs and edges are written: it costs ' +
      "the project's tasks, not its jobs.",
    params: ProjectIdParams,
    responses: { 200: '`{project_id, total, tasks: [{task_id, task_name, total, by_status}], dependencies: [{task_id, depends_on_task_id, count}]}`', 404: 'No such project' },
    handle: async ({ params }) =>
      pipe(
        await useCases.projectGraph.execute(params.project_id),
        E.map((graph) => ({
          status: 200,
          body: {
            project_id: graph.projectId,
            total: graph.total,
            tasks: graph.tasks.map((t) => ({ task_id: t.taskId, task_name: t.taskName, total: t.total, by_status: t.byStatus })),
            dependencies: graph.dependencies.map((d) => ({ task_id: d.taskId, depends_on_task_id: d.dependsOnTaskId, count: d.count })),
          },
        })),
      ),
  }),
  route({
    method: 'get',
    path: '/projects/{project_id}/graph/jobs',
    tag: 'queue',
    summary: 'A bounded slice of the DAG: one task’s jobs, or one job’s batch (extension)',
    description:
      `At most \`limit\` jobs (default and most ${MAX_SLICE_JOBS.toLocaleString('en')}), as \`{id, name, task_id, status}\` in id order, with every ` +
      'dependency that touches one of them (`job_id` waits for `depends_on_id`, with both tasks): an end not among the jobs links to the rest ' +
      'of the DAG. `task_id=T` gives the task’s jobs after `after_id` (`next_after_id` starts the next slice while `more`); `around=J` gives ' +
      'job J and the jobs linked to it through dependencies either way, nearest first (`more`: the batch is larger).',
    params: ProjectIdParams,
    query: GraphJobsQuery,
    responses: { 200: '`{project_id, jobs, dependencies, more, next_after_id}`', 404: 'No such project, task or job in it', 422: 'Invalid query' },
    handle: async ({ params, query }) => {
      const limit = query.limit ?? MAX_SLICE_JOBS;
      const slice =
        query.task_id !== undefined
          ? await useCases.graphSlice.execute({ kind: 'task', projectId: params.project_id, taskId: query.task_id, afterId: query.after_id ?? null, limit })
          : await useCases.graphSlice.execute({ kind: 'around', projectId: params.project_id, jobId: query.around!, limit });
      return pipe(slice, E.map((answer) => ({ status: 200, body: presentSlice(answer, query.task_id !== undefined) })));
    },
  }),
];
