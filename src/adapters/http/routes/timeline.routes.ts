import * as E from 'fp-ts/lib/Either.js';
import { MAX_RUNS, MAX_RUNS_WINDOW_MS, type RunsReport } from '../../../application/jobs/project-runs.js';
import { MAX_THROUGHPUT_WINDOW_MS, type ThroughputReport } from '../../../application/jobs/project-throughput.js';
import { DEFAULT_WINDOW_MS } from '../../../application/jobs/window-request.js';
import type { UseCases } from '../../../application/use-cases.js';
import type { DomainError, ValidationFailed } from '../../../domain/errors.js';
import { MINUTE_MS } from '../../../domain/time-window.js';
import { ProjectIdParams } from '../codecs/projects.codecs.js';
import { RunsQuery, ThroughputQuery } from '../codecs/timeline.codecs.js';
import { RunsAnswer, ThroughputAnswer } from '../answers/timeline.answers.js';
import { failure, invalid, json } from '../answers/responses.js';
import { iso } from '../presenters/timestamps.js';
import { route, type Reply, type Route } from '../route.js';

const presentRuns = (report: RunsReport): RunsAnswer => ({
  project_id: report.projectId,
  since: report.window.since.toISOString(),
  until: report.window.until.toISOString(),
  capped: report.capped,
  runs: report.runs.map((run) => ({
    job_id: run.jobId,
    name: run.name,
    task_id: run.taskId,
    task_name: run.taskName,
    attempt: run.attempt,
    worker: run.worker,
    claimed_at: run.claimedAt.toISOString(),
    started_at: iso(run.startedAt),
    finished_at: iso(run.finishedAt),
    outcome: run.outcome,
  })),
});

const presentThroughput = (report: ThroughputReport): ThroughputAnswer => ({
  project_id: report.projectId,
  since: report.window.since.toISOString(),
  until: report.window.until.toISOString(),
  bucket_seconds: MINUTE_MS / 1000,
  minutes: report.minutes.map((minute) => ({ minute: minute.minute.toISOString(), completed: minute.completed, failed: minute.failed })),
  tasks: report.tasks.map((task) => ({ task_id: task.taskId, task_name: task.taskName, runs: task.runs, p50_ms: task.p50Ms, mean_ms: task.meanMs, max_ms: task.maxMs })),
});

/** A window the use case refused is the query's fault: a 422 naming the parameter, as a decode failure is. */
const answer = <A>(result: E.Either<DomainError, A>, present: (report: A) => unknown): E.Either<DomainError, Reply> => {
  if (E.isRight(result)) return E.right({ status: 200, body: present(result.right) });
  if (result.left._tag !== 'ValidationFailed') return result;
  const refused: ValidationFailed = result.left;
  return E.right({ status: 422, body: { detail: [{ loc: ['query', refused.field], msg: refused.message, type: 'value_error' }] } });
};

const HOURS = (ms: number) => `${ms / 3_600_000} hours`;
const WINDOW =
  '`since` and `until` are ISO 8601 timestamps with a time zone (`2026-03-01T10:00:00Z`; an offset’s `+` sent as `%2B`); `until` defaults to ' +
  `now, \`since\` to ${HOURS(DEFAULT_WINDOW_MS)} before \`until\`, and \`since\` must be before \`until\` (422 naming \`since\` otherwise).`;

/** The dashboard's timeline: a project's runs in a window, and what finished in it (extensions). */
export const timelineRoutes = (useCases: UseCases): Route[] => [
  route({
    method: 'get',
    path: '/projects/{project_id}/runs',
    tag: 'queue',
    summary: 'The runs of a project’s jobs in a time window (extension)',
    description:
      'One entry per attempt that held a job at some time in `[since, until)`, newest claim first: `{job_id, name, task_id, task_name, attempt, ' +
      'worker, claimed_at, started_at, finished_at, outcome}`, `worker` the lease owner that claimed it (null without a `client_id`), `started_at` ' +
      'null while QUEUED or when it never started, `finished_at` null while it runs, `outcome` one of RUNNING, COMPLETED, FAILED (also a failure ' +
      'retried), LEASE_EXPIRED, RELEASED, CANCELLED. Read from the status histories of the jobs that changed in the window (and the claimed ' +
      `ones), at most \`limit\` of them (default and most ${MAX_RUNS.toLocaleString('en')}): \`capped\` says more may overlap it, and these are ` +
      `those of the jobs changed last. ${WINDOW} At most ${HOURS(MAX_RUNS_WINDOW_MS)}.`,
    params: ProjectIdParams,
    query: RunsQuery,
    responses: { 200: json('The runs, newest claim first', RunsAnswer), 404: failure('No such project'), 422: invalid('Invalid query (the parameter named)') },
    handle: async ({ params, query }) =>
      answer(
        await useCases.projectRuns.execute({ projectId: params.project_id, since: query.since ?? null, until: query.until ?? null, limit: query.limit ?? MAX_RUNS }),
        presentRuns,
      ),
  }),
  route({
    method: 'get',
    path: '/projects/{project_id}/throughput',
    tag: 'queue',
    summary: 'Jobs finished per minute and run time per task in a time window (extension)',
    description:
      'COMPLETED and FAILED jobs whose `finished_at` lies in `[since, until)`: `minutes`, every UTC minute overlapping the window oldest first ' +
      '(`{minute, completed, failed}`, zeros included), and `tasks`, per task the run times (`finished_at - started_at`) of those that started: ' +
      '`{task_id, task_name, runs, p50_ms, mean_ms, max_ms}` (the median interpolated, medians and means rounded to the millisecond). Read from ' +
      `an index of finished jobs by project and time: the window's jobs, never the whole project. ${WINDOW} At most ${HOURS(MAX_THROUGHPUT_WINDOW_MS)}.`,
    params: ProjectIdParams,
    query: ThroughputQuery,
    responses: { 200: json('Jobs finished per minute and run time per task', ThroughputAnswer), 404: failure('No such project'), 422: invalid('Invalid query (the parameter named)') },
    handle: async ({ params, query }) =>
      answer(await useCases.projectThroughput.execute({ projectId: params.project_id, since: query.since ?? null, until: query.until ?? null }), presentThroughput),
  }),
];
