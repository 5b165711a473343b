import * as E from 'fp-ts/lib/Either.js';
import { isJobStatus, type JobStatus } from '../../domain/job-status.js';
import type { JobView, WhatsNextClient } from '../client/whatsnext-client.js';
import { SETTLED_STATUSES } from '../embedding/settled.js';
import { badResponse, type SdkError } from './sdk-error.js';
import { waitForJobs, type WaitOptions } from './wait-for-jobs.js';

/**
 * A job on the server as it stood when it was read (the original client's `Job`). A snapshot, not
 * a live object: `refresh()`, `cancel()`, `retry()` and `wait()` answer a newer snapshot, so what
 * a variable holds never changes behind the caller's back.
 */
export class Job {
  readonly id: number;
  readonly name: string;
  readonly projectId: number;
  readonly taskId: number;
  readonly status: JobStatus;
  readonly priority: number;
  /** The parameters as JSON.parse reads them; `parametersText` keeps the exact text (`1.0`, big integers). */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly parametersText: string;
  readonly attempts: number | null;
  readonly exitCode: number | null;
  readonly failureReason: string | null;
  /** The job whose failure blocks this one (BLOCKED), if any. */
  readonly blockedBy: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;

  private constructor(
    private readonly client: WhatsNextClient,
    view: JobView,
    status: JobStatus,
  ) {
    this.id = view.id;
    this.name = view.name;
    this.projectId = view.project_id;
    this.taskId = view.task_id;
    this.status = status;
    this.priority = view.priority;
    this.parameters = view.parameters;
    this.parametersText = view.parametersText;
    this.attempts = view.attempts ?? null;
    this.exitCode = view.exit_code ?? null;
    this.failureReason = view.failure_reason ?? null;
    this.blockedBy = view.blocked_by ?? null;
    this.createdAt = view.created_at;
    this.updatedAt = view.updated_at;
  }

  /** A job as the server sent it; an unknown status is a bad answer, not a job. */
  static of(client: WhatsNextClient, view: JobView): E.Either<SdkError, Job> {
    const status = view.status.toUpperCase();
    return isJobStatus(status) ? E.right(new Job(client, view, status)) : E.left(badResponse(client.baseUrl, `job ${view.id} has an unknown status '${view.status}'`));
  }

  /** Reads job `id` from the server. */
  static async read(client: WhatsNextClient, id: number): Promise<E.Either<SdkError, Job>> {
    const view = await client.getJob(id);
    return E.isLeft(view) ? view : Job.of(client, view.right);
  }

  /** COMPLETED, FAILED, CANCELLED or BLOCKED: nothing more happens to it unless someone acts. */
  get settled(): boolean {
    return SETTLED_STATUSES.has(this.status);
  }

  refresh(): Promise<E.Either<SdkError, Job>> {
    return Job.read(this.client, this.id);
  }

  /** Cancels it (a running job is stopped by its worker); its dependents become BLOCKED. */
  async cancel(): Promise<E.Either<SdkError, Job>> {
    const view = await this.client.cancelJob(this.id);
    return E.isLeft(view) ? view : Job.of(this.client, view.right);
  }

  /** Puts a FAILED or CANCELLED job back in the queue; the jobs it blocked wait for it again. */
  async retry(): Promise<E.Either<SdkError, Job>> {
    const view = await this.client.retryJob(this.id);
    return E.isLeft(view) ? view : Job.of(this.client, view.right);
  }

  /** Resolves once the job has settled; `onChange` sees each status it is seen in on the way. */
  async wait(options: WaitOptions<Job> = {}): Promise<E.Either<SdkError, Job>> {
    const jobs = await waitForJobs((id) => Job.read(this.client, id), [this.id], options);
    return E.map((settled: readonly Job[]) => settled[0]!)(jobs);
  }
}
