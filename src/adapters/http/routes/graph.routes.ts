import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { MAX_SLICE_JOBS } from '../../../application/jobs/graph-slice.js';
import type { UseCases } from '../../../application/use-cases.js';
import { GraphJobsQuery } from '../codecs/graph.codecs.js';
import { ProjectIdParams } from '../codecs/projects.codecs.js';
import { GraphSliceAnswer, ProjectGraphAnswer } from '../answers/graph.answers.js';
import { failure, invalid, json } from '../answers/responses.js';
import { presentGraphSlice, presentProjectGraph } from '../presenters/graph.presenter.js';
import { route, type Route } from '../route.js';

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
    responses: { 200: json('The condensed DAG', ProjectGraphAnswer), 404: failure('No such project') },
    handle: async ({ params }) =>
      pipe(
        await useCases.projectGraph.execute(params.project_id),
        E.map((graph) => ({ status: 200, body: presentProjectGraph(graph) })),
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
    responses: { 200: json('The slice', GraphSliceAnswer), 404: failure('No such project, task or job in it'), 422: invalid('Invalid query') },
    handle: async ({ params, query }) => {
      const limit = query.limit ?? MAX_SLICE_JOBS;
      const slice =
        query.task_id !== undefined
          ? await useCases.graphSlice.execute({ kind: 'task', projectId: params.project_id, taskId: query.task_id, afterId: query.after_id ?? null, limit })
          : await useCases.graphSlice.execute({ kind: 'around', projectId: params.project_id, jobId: query.around!, limit });
      return pipe(slice, E.map((answer) => ({ status: 200, body: presentGraphSlice(answer, query.task_id !== undefined) })));
    },
  }),
];
