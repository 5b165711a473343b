import type { GraphSlice } from '../../../application/jobs/graph-slice.js';
import type { CondensedGraph } from '../../../application/jobs/project-graph.js';
import type { GraphSliceAnswer, ProjectGraphAnswer } from '../answers/graph.answers.js';

export const presentProjectGraph = (graph: CondensedGraph): ProjectGraphAnswer => ({
  project_id: graph.projectId,
  total: graph.total,
  tasks: graph.tasks.map((t) => ({ task_id: t.taskId, task_name: t.taskName, total: t.total, by_status: t.byStatus })),
  dependencies: graph.dependencies.map((d) => ({ task_id: d.taskId, depends_on_task_id: d.dependsOnTaskId, count: d.count })),
});

/** `next_after_id` only for a task's slice (`paged`) with more to come. */
export const presentGraphSlice = (slice: GraphSlice, paged: boolean): GraphSliceAnswer => ({
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
