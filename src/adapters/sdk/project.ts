import * as E from 'fp-ts/lib/Either.js';
import type { JobStatus } from '../../domain/job-status.js';
import type { WhatsNextClient } from '../client/whatsnext-client.js';
import type { GraphSliceWire, ProjectGraphWire, ProjectWire, StatsWire } from '../client/wire.codecs.js';
import type { JobInput, TaskInput } from '../embedding/embedding-inputs.js';
import { Client, type ClientOptions } from './client.js';
import { Job } from './job.js';
import type { SdkError } from './sdk-error.js';
import { taskOf, type Task } from './task.js';
import { waitForJobs, type WaitOptions } from './wait-for-jobs.js';
import { newJobOf, taskOptionsOf } from './wire-inputs.js';

type Result<A> = Promise<E.Either<SdkError, A>>;

/** Unwraps a list of job answers, stopping at the first bad one. */
const jobsOf = (client: WhatsNextClient, views: Parameters<typeof Job.of>[1][]): E.Either<SdkError, Job[]> => {
  const jobs: Job[] = [];
  for (const view of views) {
    const job = Job.of(client, view);
    if (E.isLeft(job)) return job;
    jobs.push(job.right);
  }
  return E.right(jobs);
};

/**
 * A project on the server (the original client's `Project`): its tasks, its queue, and the
 * workers that serve it. Project data (`name`, `description`, `status`, `retention`) is as read.
 */
export class Project {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly status: string;
  /** How long finished jobs stay (`keep`, `remove_on_complete`, `30d`…); `keep` from a server without retention. */
  readonly retention: string;

  constructor(
    private readonly http: WhatsNextClient,
    wire: ProjectWire,
  ) {
    this.id = wire.id;
    this.name = wire.name;
    this.description = wire.description;
    this.status = wire.status;
    this.retention = wire.retention ?? 'keep';
  }

  async createTask(input: TaskInput): Result<Task> {
    return E.map(taskOf)(await this.http.createTask(this.id, input.name, taskOptionsOf(input)));
  }

  /** The task of that name in this project. */
  async task(name: string): Result<Task> {
    return E.map(taskOf)(await this.http.getTaskByName(name, this.id));
  }

  async tasks(): Result<Task[]> {
    return E.map((tasks: Parameters<typeof taskOf>[0][]) => tasks.map(taskOf))(await this.http.listTasks(this.id, { limit: 10_000 }));
  }

  /**
   * Submits jobs in one transaction: a whole DAG when they depend on each other by `{ key }` or
   * `{ position }` (or on existing jobs by id). Answers the new jobs' ids, in the order given.
   */
  async submit(jobs: readonly JobInput[]): Result<number[]> {
    return E.map((answer: { job_ids: number[] }) => answer.job_ids)(await this.http.submitBatch(this.id, jobs.map(newJobOf)));
  }

  /** Submits one job and answers it as stored. */
  async submitJob(job: JobInput): Result<Job> {
    const ids = await this.submit([job]);
    return E.isLeft(ids) ? ids : Job.read(this.http, ids.right[0]!);
  }

  /** A job of the server by id (any project's: ids are global). */
  job(id: number): Result<Job> {
    return Job.read(this.http, id);
  }

  /** This project's jobs in id order, optionally of one status or task (at most `limit`, default 10,000), after `afterId` when given. */
  async jobs(filter: { status?: JobStatus; taskId?: number; limit?: number; skip?: number; afterId?: number } = {}): Result<Job[]> {
    const views = await this.http.listJobs({ projectId: this.id, limit: 10_000, ...filter });
    return E.isLeft(views) ? views : jobsOf(this.http, views.right);
  }

  /**
   * Claims the next job that fits the offer, as the original client's `fetch_job` (no lease: the
   * caller reports on it with PUT-like status changes, or uses a `Client` that does all that).
   * Right(null) when nothing is ready.
   */
  async fetchJob(offer: { cpu?: number; accelerators?: number; memoryMb?: number } = {}): Result<Job | null> {
    const claim = await this.http.fetchJob(this.id, offer);
    if (E.isLeft(claim)) return claim;
    return claim.right.job === null ? E.right(null) : Job.of(this.http, claim.right.job);
  }

  /** Resolves with the jobs once every one is COMPLETED, FAILED, CANCELLED or BLOCKED. */
  waitFor(jobs: readonly (number | Job)[], options: WaitOptions<Job> = {}): Result<Job[]> {
    const ids = jobs.map((job) => (typeof job === 'number' ? job : job.id));
    return waitForJobs((id) => Job.read(this.http, id), ids, options);
  }

  /** Job counts by status, overall and per task. */
  stats(): Result<StatsWire> {
    return this.http.stats(this.id);
  }

  /** The DAG condensed by task: each task's counts by status, and the job dependencies between each pair of tasks. */
  graph(): Result<ProjectGraphWire> {
    return this.http.projectGraph(this.id);
  }

  /** A bounded slice of the DAG (at most 5,000 jobs): one task's jobs after `afterId`, or the batch `around` a job, with their edges. */
  graphSlice(slice: { taskId: number; afterId?: number; limit?: number } | { around: number; limit?: number }): Result<GraphSliceWire> {
    return this.http.graphSlice(this.id, slice);
  }

  /** Deletes the PENDING jobs; answers how many. */
  clearQueue(): Result<number> {
    return this.http.clearQueue(this.id);
  }

  /** A worker for this project; nothing is sent until its `work()`. */
  client(options: ClientOptions): Client {
    return new Client(this.http, this.id, options);
  }
}
