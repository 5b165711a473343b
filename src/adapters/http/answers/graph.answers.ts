import * as t from 'io-ts';
import { Integer, nullable } from './common.answers.js';
import { JobStatusAnswer } from './jobs.answers.js';
import { StatusTallyAnswer } from './queue.answers.js';

/** `GET /projects/{id}/graph`: the DAG condensed by task. */
export const ProjectGraphAnswer = t.type({
  project_id: Integer,
  total: Integer,
  tasks: t.array(t.type({ task_id: Integer, task_name: t.string, total: Integer, by_status: StatusTallyAnswer })),
  dependencies: t.array(t.type({ task_id: Integer, depends_on_task_id: Integer, count: Integer })),
});
export type ProjectGraphAnswer = t.TypeOf<typeof ProjectGraphAnswer>;

/** `GET /projects/{id}/graph/jobs`: a bounded slice of the DAG. */
export const GraphSliceAnswer = t.type({
  project_id: Integer,
  jobs: t.array(t.type({ id: Integer, name: t.string, task_id: Integer, status: JobStatusAnswer })),
  dependencies: t.array(t.type({ job_id: Integer, depends_on_id: Integer, job_task_id: Integer, depends_on_task_id: Integer })),
  more: t.boolean,
  next_after_id: nullable(Integer),
});
export type GraphSliceAnswer = t.TypeOf<typeof GraphSliceAnswer>;
