import * as E from 'fp-ts/lib/Either.js';
import { randomUUID } from 'node:crypto';
import type { DomainError } from '../../domain/errors.js';
import type { Job } from '../../domain/job.js';
import type { Project } from '../../domain/project.js';
import type { Task } from '../../domain/task.js';
import type { UseCases } from '../../application/use-cases.js';
import { FunctionExecutor, type JobHandler } from '../worker/executors/function-executor.js';
import { InProcessJobSource } from '../worker/in-process-job-source.js';
import { Worker } from '../worker/worker.js';
import type { WorkerListener } from '../worker/worker-events.js';
import { DEFAULT_WORKER_SETTINGS, type WorkerSettings } from '../worker/worker-settings.js';
import { toJobSpec, toRetention, toTaskFields, type JobInput, type ProjectOptions, type TaskInput } from './embedding-inputs.js';
import { SETTLED_STATUSES } from './settled.js';

export interface InProcessWorkerOptions extends Partial<WorkerSettings> {
  readonly projectId: number;
  /** One function per task name. */
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly name?: string;
  readonly onEvent?: WorkerListener;
}

export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly pollMs?: number;
}

/**
 * WhatsNext embedded in a Node app: the use cases (results are `Either`s, never thrown domain
 * errors), a few conveniences with defaults, and in-process workers running JavaScript functions.
 */
export class WhatsNext {
  private readonly workers = new Set<Worker>();

  constructor(
    readonly useCases: UseCases,
    private readonly shutdown: () => Promise<void>,
  ) {}

  async createProject(name: string, description = '', options: ProjectOptions = {}): Promise<E.Either<DomainError, Project>> {
    const retention = toRetention(options.retention);
    if (E.isLeft(retention)) return retention;
    return this.useCases.createProject.execute({ name, description, status: 'ACTIVE', ...(retention.right ? { retention: retention.right } : {}) });
  }

  async createTask(projectId: number, input: TaskInput): Promise<E.Either<DomainError, Task>> {
    const retention = toRetention(input.retention);
    if (E.isLeft(retention)) return retention;
    return this.useCases.createTask.execute(projectId, toTaskFields(input, retention.right ?? null));
  }

  /** Submits jobs (a whole DAG if they reference each other) in one transaction. */
  submit(projectId: number, jobs: readonly JobInput[]): Promise<E.Either<DomainError, Job[]>> {
    return this.useCases.submitJobs.execute(projectId, jobs.map(toJobSpec));
  }

  /** Starts a worker in this process; it runs until `stop()` or `close()`. */
  async startWorker(options: InProcessWorkerOptions): Promise<Worker> {
    const { projectId, handlers, name, onEvent, ...overrides } = options;
    const settings: WorkerSettings = { ...DEFAULT_WORKER_SETTINGS, pollIntervalMs: 1_000, ...overrides };
    const id = `in-process-${randomUUID()}`;
    const source = new InProcessJobSource(this.useCases, projectId, id);
    await source.register({
      id,
      name: name ?? id,
      entity: 'in-process',
      description: null,
      resources: { cpu: settings.cpu, accelerators: settings.accelerators, memoryMb: settings.memoryMb ?? 0 },
    });
    const worker = new Worker(source, new FunctionExecutor(handlers), settings, onEvent);
    this.workers.add(worker);
    void worker.run().finally(async () => {
      this.workers.delete(worker);
      await source.deactivate().catch(() => {});
    });
    return worker;
  }

  /** Resolves with the jobs once each is COMPLETED, FAILED, CANCELLED or BLOCKED. */
  async waitFor(jobIds: readonly number[], options: WaitOptions = {}): Promise<Job[]> {
    const deadline = Date.now() + (options.timeoutMs ?? Number.POSITIVE_INFINITY);
    for (;;) {
      const jobs: Job[] = [];
      for (const id of jobIds) {
        const job = await this.useCases.getJob.execute(id);
        if (E.isLeft(job)) throw new Error(job.left.message);
        jobs.push(job.right);
      }
      if (jobs.every((job) => SETTLED_STATUSES.has(job.status))) return jobs;
      if (Date.now() > deadline) throw new Error(`jobs still running after ${options.timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 20));
    }
  }

  /** Stops the workers (letting running jobs finish within their grace period) and closes the store. */
  async close(): Promise<void> {
    await Promise.all([...this.workers].map((worker) => worker.stop()));
    await this.shutdown();
  }
}
