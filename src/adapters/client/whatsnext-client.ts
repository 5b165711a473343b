import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { ExactBody } from '../json/exact-body.js';
import { RawJson, stringifyWithRaw } from '../json/raw-json-response.js';
import { apiError, type ClientError } from './client-error.js';
import type { ClaimOptions, ClaimWithReports, JobChanges, NewJob, TaskOptions } from './client-inputs.js';
import { HttpTransport, type Answer, type Query, type TransportOptions } from './http-transport.js';
import { DEFAULT_RETRY_POLICY, retryTransient } from './transient-retry.js';
import {
  BatchWire,
  ClientWire,
  DataOf,
  DeletedWire,
  DependencyStatusWire,
  FetchJobWire,
  GraphSliceWire,
  ReportsWire,
  HeartbeatWire,
  type FetchJobWire as FetchJobWireType,
  JobWire,
  ProjectGraphWire,
  ProjectWire,
  StatsWire,
  TaskWire,
  type TaskWire as TaskWireType,
} from './wire.codecs.js';

type Result<A> = Promise<E.Either<ClientError, A>>;

export type ReportAction = 'start' | 'complete' | 'fail' | 'release';

/** Whether the job stands as the report would have left it (only the unambiguous cases). */
const alreadyReported = (action: ReportAction, job: JobWire, clientId: string): boolean =>
  (action === 'start' && job.status === 'RUNNING' && job.lease_owner === clientId) || (action === 'complete' && job.status === 'COMPLETED');

/** A report the server accepted: the job's status now. */
export interface ReportAck {
  readonly jobId: number;
  readonly status: string;
}

/** A job as the server sent it, with its parameters' exact JSON text. */
export type JobView = JobWire & { readonly parametersText: string };
export interface ClaimView {
  readonly job: JobView | null;
  readonly pending: number | null;
  readonly task: TaskWireType | null;
  readonly leaseExpiresAt: string | null;
  /** The jobs after the first of a claim with `limit`. */
  readonly more: readonly { readonly job: JobView; readonly task: TaskWireType }[];
}

/** What `reportMany` answers: one outcome per report, and the claim that rode with them. */
export interface ReportsView {
  readonly results: E.Either<ClientError, ReportAck>[];
  /**
   * The claim asked for with the reports: the jobs, or why it was refused; null when none was
   * asked, or when the server does not know the extension (it answered the reports alone).
   */
  readonly claim: E.Either<ClientError, ClaimView> | null;
}

const parametersJson = (parameters: Readonly<Record<string, unknown>> | string | undefined): RawJson | Readonly<Record<string, unknown>> | undefined =>
  typeof parameters === 'string' ? new RawJson(parameters) : parameters;

/** A claim riding with reports, as the wire spells it (tasks once per answer, as `fetchJob` asks). */
const claimBody = (claim: ClaimWithReports) => ({
  project_id: claim.projectId,
  available_cpu: claim.cpu,
  available_accelerators: claim.accelerators,
  ...(claim.memoryMb === undefined ? {} : { available_memory_mb: claim.memoryMb }),
  ...(claim.limit === undefined ? {} : { limit: claim.limit }),
  ...(claim.fit === undefined ? {} : { fit: claim.fit }),
  ...(claim.waitSeconds === undefined ? {} : { wait: claim.waitSeconds }),
  tasks: 'once',
});

/**
 * A typed client of the WhatsNext REST API: every call answers Right with decoded data or Left
 * with a ClientError (the server's `detail`, unreachable, timeout). Used by the CLI and by
 * remote workers.
 */
export class WhatsNextClient {
  readonly transport: HttpTransport;

  constructor(options: TransportOptions) {
    this.transport = new HttpTransport(options);
  }

  get baseUrl(): string {
    return this.transport.baseUrl;
  }

  private async call<A>(
    codec: t.Type<A, unknown>,
    what: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    options: { query?: Query; body?: unknown; rawBody?: string; extraTimeoutMs?: number; expect?: readonly number[] } = {},
  ): Result<{ value: A; answer: Answer }> {
    const answer = await this.transport.request(method, path, options);
    if (E.isLeft(answer)) return answer;
    const value = this.transport.decode(codec, answer.right, what);
    return E.isLeft(value) ? value : E.right({ value: value.right, answer: answer.right });
  }

  private async value<A>(
    codec: t.Type<A, unknown>,
    what: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    options: { query?: Query; body?: unknown; rawBody?: string; expect?: readonly number[] } = {},
  ): Result<A> {
    return E.map((r: { value: A }) => r.value)(await this.call(codec, what, method, path, options));
  }

  private async nothing(method: 'POST' | 'DELETE', path: string, expect: readonly number[] = [200, 204]): Result<void> {
    return E.map(() => undefined)(await this.transport.request(method, path, { expect }));
  }

  private withText(job: JobWire, answer: Answer, path: readonly (string | number)[], body = new ExactBody(answer.text)): JobView {
    const text = body.textAt(path, '{}');
    return { ...job, parametersText: E.isRight(text) ? text.right : JSON.stringify(job.parameters) };
  }

  /** A job answer (`{"data": job}` when `wrapped`), its parameters' text read from the raw body. */
  private async jobAt(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, wrapped = false): Result<JobView> {
    const options = body === undefined ? {} : { rawBody: stringifyWithRaw(body) };
    if (wrapped) {
      const result = await this.call(DataOf(JobWire), 'job', method, path, options);
      return E.map(({ value, answer }: { value: { data: JobWire }; answer: Answer }) => this.withText(value.data, answer, ['data', 'parameters']))(result);
    }
    const result = await this.call(JobWire, 'job', method, path, options);
    return E.map(({ value, answer }: { value: JobWire; answer: Answer }) => this.withText(value, answer, ['parameters']))(result);
  }

  health = () => this.transport.request('GET', '/');
  checkDatabase = () => this.transport.request('GET', '/checkdb', { expect: [200, 503] });

  // Projects
  listProjects = (query: { status?: string; limit?: number; skip?: number } = {}) =>
    this.value<ProjectWire[]>(t.array(ProjectWire), 'projects', 'GET', '/projects/', { query: { status_filter: query.status, limit: query.limit, skip: query.skip } });
  getProject = (id: number) => this.value<ProjectWire>(ProjectWire, 'project', 'GET', `/projects/${id}`);
  getProjectByName = (name: string) => this.value<ProjectWire>(ProjectWire, 'project', 'GET', `/projects/name/${encodeURIComponent(name)}`);
  /** `retention`: `keep` (the server's default), `remove_on_complete` or a period such as `30d`. */
  createProject = (name: string, description = '', options: { retention?: string } = {}) =>
    this.value<ProjectWire>(ProjectWire, 'project', 'POST', '/projects/', { body: { name, description, ...options }, expect: [201] });
  updateProject = async (id: number, changes: { name?: string; description?: string; status?: string; retention?: string }) =>
    E.map((d: { data: ProjectWire }) => d.data)(await this.value<{ data: ProjectWire }>(DataOf(ProjectWire), 'project', 'PUT', `/projects/${id}`, { body: changes }));
  deleteProject = (id: number) => this.nothing('DELETE', `/projects/${id}`, [204]);
  deleteProjectByName = (name: string) => this.nothing('DELETE', `/projects/name/${encodeURIComponent(name)}`, [204]);

  // Tasks
  listTasks = (projectId: number, query: { limit?: number; skip?: number } = {}) =>
    this.value<TaskWire[]>(t.array(TaskWire), 'tasks', 'GET', '/tasks/', { query: { project_id: projectId, ...query } });
  getTask = (id: number) => this.value<TaskWire>(TaskWire, 'task', 'GET', `/tasks/${id}`);
  getTaskByName = (name: string, projectId: number) =>
    this.value<TaskWire>(TaskWire, 'task', 'GET', `/tasks/name/${encodeURIComponent(name)}`, { query: { project_id: projectId } });
  createTask = (projectId: number, name: string, options: TaskOptions = {}) =>
    this.value<TaskWire>(TaskWire, 'task', 'POST', '/tasks/', { body: { name, project_id: projectId, ...options }, expect: [201] });
  updateTask = async (id: number, changes: TaskOptions & { name?: string }) =>
    E.map((d: { data: TaskWire }) => d.data)(await this.value<{ data: TaskWire }>(DataOf(TaskWire), 'task', 'PUT', `/tasks/${id}`, { body: changes }));
  deleteTask = (id: number) => this.nothing('DELETE', `/tasks/${id}`, [204]);

  // Jobs
  /** `afterId`: the jobs after that id (the last of the page before), found from that key where `skip` reads every row it skips. */
  async listJobs(query: { projectId?: number; taskId?: number; status?: string; limit?: number; skip?: number; afterId?: number } = {}): Result<JobView[]> {
    const result = await this.call(t.array(JobWire), 'jobs', 'GET', '/jobs/', {
      query: { project_id: query.projectId, task_id: query.taskId, status: query.status, after_id: query.afterId, limit: query.limit, skip: query.skip },
    });
    if (E.isLeft(result)) return result;
    const exact = new ExactBody(result.right.answer.text);
    return E.right(
      result.right.value.map((job, i) => {
        const text = exact.textAt([i, 'parameters'], '{}');
        return { ...job, parametersText: E.isRight(text) ? text.right : JSON.stringify(job.parameters) };
      }),
    );
  }
  getJob = (id: number) => this.jobAt('GET', `/jobs/${id}`);
  createJob = (projectId: number, job: NewJob & { depends?: Readonly<Record<string, string>> }) =>
    this.jobAt('POST', '/jobs/', {
      name: job.name,
      project_id: projectId,
      task_id: job.task_id,
      parameters: parametersJson(job.parameters) ?? {},
      priority: job.priority ?? 0,
      depends: job.depends ?? {},
    });
  updateJob = (id: number, changes: JobChanges) =>
    this.jobAt('PUT', `/jobs/${id}`, { ...changes, ...(changes.parameters === undefined ? {} : { parameters: parametersJson(changes.parameters) }) }, true);
  deleteJob = (id: number) => this.nothing('DELETE', `/jobs/${id}`, [204]);
  dependencies = (id: number) => this.value<DependencyStatusWire>(DependencyStatusWire, 'dependency status', 'GET', `/jobs/${id}/dependencies`);
  cancelJob = (id: number) => this.jobAt('POST', `/jobs/${id}/cancel`);
  retryJob = (id: number) => this.jobAt('POST', `/jobs/${id}/retry`);

  /**
   * A worker's report on a job it holds. It survives outages: transient failures (server
   * restarting, database down: unreachable, timeouts, 5xx) are retried with backoff, so that a
   * job that ran is recorded rather than run again. A refusal after a retry may mean that an
   * earlier attempt went through and only its answer was lost: when the job already shows the
   * report (started by this worker, or completed), that is the answer.
   */
  async report(id: number, action: ReportAction, body: { client_id: string; reason?: string; exit_code?: number | null }): Result<JobView> {
    const policy = this.transport.options.reportRetry ?? DEFAULT_RETRY_POLICY;
    const { result, attempts } = await retryTransient(() => this.jobAt('POST', `/jobs/${id}/${action}`, body), policy);
    if (E.isRight(result) || attempts === 1 || result.left._tag !== 'ApiError' || result.left.status !== 409) return result;
    const current = await this.getJob(id);
    return E.isRight(current) && alreadyReported(action, current.right, body.client_id) ? current : result;
  }

  /**
   * Many start/complete reports of one worker in one request (`POST /jobs/reports`), applied in
   * order; one answer per report: the job's new status, or the refusal. With `claim`, the worker's
   * next claim rides along (applied after the reports, answered as `fetchJob`). Retried like
   * `report`; a refusal after a retry whose first attempt went through is that report's
   * acknowledgement (a claim whose answer was lost that way stays held by the worker, whose
   * heartbeats give such jobs back).
   */
  async reportMany(clientId: string, reports: readonly { readonly jobId: number; readonly action: 'start' | 'complete' }[], claim?: ClaimWithReports): Result<ReportsView> {
    const policy = this.transport.options.reportRetry ?? DEFAULT_RETRY_POLICY;
    const send = async (): Result<ReportsView> => {
      const answer = await this.call(ReportsWire, 'report results', 'POST', '/jobs/reports', {
        body: {
          client_id: clientId,
          reports: reports.map((report) => ({ job_id: report.jobId, action: report.action })),
          ...(claim === undefined ? {} : { claim: claimBody(claim) }),
        },
        extraTimeoutMs: (claim?.waitSeconds ?? 0) * 1000,
      });
      if (E.isLeft(answer)) return answer;
      const { value } = answer.right;
      const results = value.results.map((result) =>
        'error' in result ? E.left(apiError(result.error.status, result.error, '')) : E.right({ jobId: result.job_id, status: result.status }),
      );
      const claimed = value.claim;
      if (claim === undefined || claimed === undefined) return E.right({ results, claim: null });
      if ('error' in claimed) return E.right({ results, claim: E.left(apiError(claimed.error.status, claimed.error, '')) });
      return E.right({ results, claim: this.claimViewOf(claimed, answer.right.answer, ['claim']) });
    };
    const { result, attempts } = await retryTransient(send, policy);
    if (E.isLeft(result) || attempts === 1) return result;
    const results = await Promise.all(
      result.right.results.map(async (outcome, index) => {
        if (E.isRight(outcome) || outcome.left._tag !== 'ApiError' || outcome.left.status !== 409) return outcome;
        const current = await this.getJob(reports[index]!.jobId);
        return E.isRight(current) && alreadyReported(reports[index]!.action, current.right, clientId)
          ? E.right({ jobId: current.right.id, status: current.right.status })
          : outcome;
      }),
    );
    return E.right({ results, claim: result.right.claim });
  }

  /** Submits jobs in one transaction (a whole DAG with keys and depends_on); ids in request order. */
  submitBatch = (projectId: number, jobs: readonly NewJob[]) =>
    this.value<{ created: number; job_ids: number[] }>(BatchWire, 'batch answer', 'POST', `/projects/${projectId}/jobs/batch`, {
      rawBody: stringifyWithRaw({
        jobs: jobs.map((job) => ({ ...job, parameters: parametersJson(job.parameters) ?? {}, priority: job.priority ?? 0 })),
      }),
      expect: [201],
    });

  // Queue
  async fetchJob(projectId: number, options: ClaimOptions = {}): Result<ClaimView> {
    const result = await this.call(FetchJobWire, 'claim', 'GET', `/projects/${projectId}/fetch_job`, {
      query: {
        available_cpu: options.cpu,
        available_accelerators: options.accelerators,
        available_memory_mb: options.memoryMb,
        client_id: options.clientId,
        wait: options.waitSeconds,
        exact: options.exact,
        limit: options.limit,
        fit: options.fit,
        // Each task once per answer (a server that does not know the option sends them all).
        tasks: options.limit === undefined ? undefined : 'once',
      },
      extraTimeoutMs: (options.waitSeconds ?? 0) * 1000,
    });
    if (E.isLeft(result)) return result;
    return this.claimViewOf(result.right.value, result.right.answer, []);
  }

  /** A claim's answer found at `at` in the body, each job with its parameters' exact text and its task. */
  private claimViewOf(value: FetchJobWireType, answer: Answer, at: readonly (string | number)[]): E.Either<ClientError, ClaimView> {
    const body = new ExactBody(answer.text);
    const tasks = new Map<number, TaskWireType>(value.task ? [[value.task.id, value.task]] : []);
    const more: { job: JobView; task: TaskWireType }[] = [];
    for (const [index, other] of (value.more ?? []).entries()) {
      const task = other.task ?? tasks.get(other.job.task_id);
      if (task === undefined) {
        return E.left({ _tag: 'BadResponse', url: this.transport.baseUrl, message: `unexpected claim from the server: job ${other.job.id} came without its task ${other.job.task_id}` });
      }
      tasks.set(task.id, task);
      more.push({ job: this.withText(other.job, answer, [...at, 'more', index, 'job', 'parameters'], body), task });
    }
    return E.right({
      job: value.job === null ? null : this.withText(value.job, answer, [...at, 'job', 'parameters'], body),
      pending: value.num_pending ?? null,
      task: value.task ?? null,
      leaseExpiresAt: value.lease_expires_at ?? null,
      more,
    });
  }
  clearQueue = async (projectId: number) =>
    E.map((d: { deleted: number }) => d.deleted)(await this.value<{ deleted: number }>(DeletedWire, 'deleted count', 'DELETE', `/projects/${projectId}/queue`));
  stats = (projectId: number) => this.value<StatsWire>(StatsWire, 'statistics', 'GET', `/projects/${projectId}/stats`);
  projectGraph = (projectId: number) => this.value<ProjectGraphWire>(ProjectGraphWire, 'project graph', 'GET', `/projects/${projectId}/graph`);
  /** One task's jobs (after `afterId`) or one job's batch (`around`), at most `limit` (server default 5,000), with the edges touching them. */
  graphSlice = (projectId: number, slice: { taskId: number; afterId?: number; limit?: number } | { around: number; limit?: number }) =>
    this.value<GraphSliceWire>(GraphSliceWire, 'graph slice', 'GET', `/projects/${projectId}/graph/jobs`, {
      query: 'taskId' in slice ? { task_id: slice.taskId, after_id: slice.afterId, limit: slice.limit } : { around: slice.around, limit: slice.limit },
    });
  removeJob = (projectId: number, jobId: number) => this.nothing('DELETE', `/projects/${projectId}/jobs/${jobId}`, [204]);

  // Clients (workers)
  listClients = (query: { activeOnly?: boolean; limit?: number; skip?: number } = {}) =>
    this.value<ClientWire[]>(t.array(ClientWire), 'clients', 'GET', '/clients/', { query: { active_only: query.activeOnly, limit: query.limit, skip: query.skip } });
  getClient = (id: string) => this.value<ClientWire>(ClientWire, 'client', 'GET', `/clients/${encodeURIComponent(id)}`);
  registerClient = (client: { id: string; name: string; entity: string; description?: string | null; available_cpu?: number; available_accelerators?: number; available_memory_mb?: number }) =>
    this.value<ClientWire>(ClientWire, 'client', 'POST', '/clients/register', { body: client, expect: [201] });
  heartbeat = (id: string) => this.value<HeartbeatWire>(HeartbeatWire, 'heartbeat answer', 'POST', `/clients/${encodeURIComponent(id)}/heartbeat`);
  updateClient = async (id: string, changes: { available_cpu?: number; available_accelerators?: number; available_memory_mb?: number; is_active?: boolean }) =>
    E.map((d: { data: ClientWire }) => d.data)(await this.value<{ data: ClientWire }>(DataOf(ClientWire), 'client', 'PUT', `/clients/${encodeURIComponent(id)}`, { body: changes }));
  deactivateClient = (id: string) => this.nothing('POST', `/clients/${encodeURIComponent(id)}/deactivate`, [200]);
  deleteClient = (id: string) => this.nothing('DELETE', `/clients/${encodeURIComponent(id)}`, [204]);
}
