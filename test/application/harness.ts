import type { ExecutionContext } from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { ContainerModule, type Container } from 'inversify';
import { memoryStoreModule } from '../../src/adapters/persistence/memory/memory-store.module.js';
import type { ClaimOptions } from '../../src/application/scheduling/claim-job.js';
import { Clock } from '../../src/application/ports/clock.port.js';
import { JobSignal } from '../../src/application/ports/job-signal.port.js';
import { Store } from '../../src/application/ports/store.port.js';
import type { UseCases } from '../../src/application/use-cases.js';
import { buildContainer, resolveUseCases } from '../../src/bin/container.js';
import type { DependencyRef, JobSpec } from '../../src/domain/batch-plan.js';
import type { DomainError } from '../../src/domain/errors.js';
import type { Job } from '../../src/domain/job.js';
import type { JobStatus } from '../../src/domain/job-status.js';
import type { Project } from '../../src/domain/project.js';
import { UNLIMITED_OFFER, type Offer } from '../../src/domain/resources.js';
import type { Task, TaskFields } from '../../src/domain/task.js';

/** Where every harness clock starts: whole seconds, far from any real "now". */
export const T0 = new Date('2026-01-01T00:00:00.000Z');

/** A clock that moves only when a test moves it. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date = T0) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advanceSeconds(seconds: number): Date {
    this.current += seconds * 1000;
    return this.now();
  }
}

export const LEASE_SECONDS = 60;

export interface Harness {
  readonly uc: UseCases;
  readonly clock: ManualClock;
  readonly container: Container;
  close(): Promise<void>;
}

/**
 * The use cases over a fresh memory store, built by the product's composition root
 * (`buildContainer`) with one override: the Clock is a ManualClock. The override module uses
 * `rebind`: with inversify 8 a second `bind` of the same token would make `get` ambiguous.
 */
export const harness = (leaseSeconds = LEASE_SECONDS, settings: { unleasedClaimSeconds?: number | null } = {}): Harness => {
  const clock = new ManualClock();
  const clockModule = new ContainerModule(({ rebind }) => {
    rebind<Clock>(Clock).toConstantValue(clock);
  });
  const container = buildContainer(memoryStoreModule, { leaseSeconds, ...settings }, [clockModule]);
  return {
    uc: resolveUseCases(container),
    clock,
    container,
    close: async () => {
      await container.get<JobSignal>(JobSignal).close();
      await container.get<Store>(Store).close();
    },
  };
};

/** Runs `body` with a fresh harness, always closed afterwards. */
export const withHarness =
  (body: (t: ExecutionContext, h: Harness) => Promise<void>, leaseSeconds = LEASE_SECONDS) =>
  async (t: ExecutionContext): Promise<void> => {
    const h = harness(leaseSeconds);
    try {
      await body(t, h);
    } finally {
      await h.close();
    }
  };

// ------------------------------------------------------------------ Either helpers

export const right = <L, A>(either: E.Either<L, A>): A => {
  if (E.isLeft(either)) throw new Error(`expected Right, got Left: ${JSON.stringify(either.left)}`);
  return either.right;
};

/** The Left of an Either, failing the test (by throwing) when it is a Right. */
export const left = <L, A>(either: E.Either<L, A>): L => {
  if (E.isRight(either)) throw new Error(`expected Left, got Right: ${JSON.stringify(either.right)}`);
  return either.left;
};

/** Asserts a Left with the given tag and returns it, narrowed. */
export const leftTagged = <Tag extends DomainError['_tag']>(
  t: ExecutionContext,
  either: E.Either<DomainError, unknown>,
  tag: Tag,
): Extract<DomainError, { _tag: Tag }> => {
  const error = left(either);
  t.is(error._tag, tag, error.message);
  return error as Extract<DomainError, { _tag: Tag }>;
};

// ------------------------------------------------------------------ fixtures

export const taskFields = (name: string, overrides: Partial<TaskFields> = {}): TaskFields => ({
  name,
  commandTemplate: null,
  requirements: { cpu: 1, accelerators: 0, memoryMb: 0 },
  maxAttempts: 3,
  retryOnFailure: false,
  timeoutSeconds: null,
  ...overrides,
});

export const createProject = async (uc: UseCases, name: string): Promise<Project> =>
  right(await uc.createProject.execute({ name, description: `project ${name}`, status: 'ACTIVE' }));

export const createTask = async (uc: UseCases, projectId: number, name: string, overrides: Partial<TaskFields> = {}): Promise<Task> =>
  right(await uc.createTask.execute(projectId, taskFields(name, overrides)));

export interface Seed {
  readonly project: Project;
  readonly task: Task;
}

/** A project with one task. */
export const seed = async (uc: UseCases, projectName = 'lab', taskOverrides: Partial<TaskFields> = {}): Promise<Seed> => {
  const project = await createProject(uc, projectName);
  const task = await createTask(uc, project.id, 'train', taskOverrides);
  return { project, task };
};

export const spec = (taskId: number, overrides: Partial<JobSpec> = {}): JobSpec => ({
  key: null,
  name: 'job',
  taskId,
  parameters: '{}',
  priority: 0,
  dependsOn: [],
  ...overrides,
});

export const onJob = (id: number): DependencyRef => ({ kind: 'job', id });
export const onPosition = (index: number): DependencyRef => ({ kind: 'position', index });
export const onKey = (key: string): DependencyRef => ({ kind: 'key', key });

/** Submits a batch, failing the test when it is refused. */
export const submit = async (uc: UseCases, projectId: number, specs: readonly JobSpec[]): Promise<Job[]> =>
  right(await uc.submitJobs.execute(projectId, specs));

export const submitOne = async (uc: UseCases, projectId: number, taskId: number, overrides: Partial<JobSpec> = {}): Promise<Job> => {
  const [job] = await submit(uc, projectId, [spec(taskId, overrides)]);
  if (job === undefined) throw new Error('submit returned no job');
  return job;
};

export const getJob = async (uc: UseCases, id: number): Promise<Job> => right(await uc.getJob.execute(id));

export const statusOf = async (uc: UseCases, id: number): Promise<JobStatus> => (await getJob(uc, id)).status;

export const allJobs = async (uc: UseCases, projectId: number, status: JobStatus | null = null): Promise<Job[]> =>
  right(await uc.listJobs.execute({ projectId, taskId: null, status, limit: 10_000, offset: 0 }));

export const claimOptions = (projectId: number, overrides: Partial<ClaimOptions> = {}): ClaimOptions => ({
  projectId,
  offer: UNLIMITED_OFFER,
  owner: 'w1',
  lease: true,
  waitMs: 0,
  countPending: false,
  ...overrides,
});

/** Claims once (no waiting); the claimed job or null. */
export const claim = async (uc: UseCases, projectId: number, overrides: Partial<ClaimOptions> = {}): Promise<Job | null> =>
  right(await uc.claimJob.execute(claimOptions(projectId, overrides))).claimed[0]?.job ?? null;

export const offer = (cpu: number | null, accelerators: number | null = null, memoryMb: number | null = null): Offer => ({
  cpu,
  accelerators,
  memoryMb,
});

/** Claims, starts and completes the next job as worker `owner`; fails the test when nothing is claimable. */
export const runNext = async (uc: UseCases, projectId: number, owner = 'w1'): Promise<Job> => {
  const job = await claim(uc, projectId, { owner });
  if (job === null) throw new Error('expected a claimable job');
  right(await uc.reportProgress.start(job.id, owner));
  right(await uc.reportProgress.complete(job.id, owner));
  return right(await uc.getJob.execute(job.id));
};

/** Claims, starts and fails the next job as worker `owner`. */
export const failNext = async (uc: UseCases, projectId: number, reason = 'exit 1', owner = 'w1'): Promise<Job> => {
  const job = await claim(uc, projectId, { owner });
  if (job === null) throw new Error('expected a claimable job');
  right(await uc.reportProgress.start(job.id, owner));
  return right(await uc.reportProgress.fail(job.id, owner, { reason, exitCode: 1 }));
};

/** Drives a specific job to COMPLETED the way the Python client does: anonymous status PUTs. */
export const completeById = async (uc: UseCases, id: number): Promise<Job> => {
  right(await uc.updateJob.execute(id, { status: 'QUEUED' }));
  right(await uc.updateJob.execute(id, { status: 'RUNNING' }));
  return right(await uc.updateJob.execute(id, { status: 'COMPLETED' }));
};

/** Drives a specific job to FAILED through anonymous status PUTs. */
export const failById = async (uc: UseCases, id: number): Promise<Job> => {
  right(await uc.updateJob.execute(id, { status: 'QUEUED' }));
  return right(await uc.updateJob.execute(id, { status: 'FAILED' }));
};

export const idsOf = (jobs: readonly Pick<Job, 'id'>[]): number[] => jobs.map((j) => j.id);

export const countJobs = async (uc: UseCases, projectId: number): Promise<number> => (await allJobs(uc, projectId)).length;
