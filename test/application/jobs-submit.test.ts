import test, { type ExecutionContext } from 'ava';
import type { UseCases } from '../../src/application/use-cases.js';
import type { JobSpec } from '../../src/domain/batch-plan.js';
import {
  countJobs,
  completeById,
  createTask,
  failById,
  getJob,
  leftTagged,
  onJob,
  onKey,
  onPosition,
  right,
  seed,
  spec,
  submit,
  submitOne,
  T0,
  withHarness,
} from './harness.js';

test(
  'one job: PENDING, ready, with the task terms and the clock time',
  withHarness(async (t, { uc, clock }) => {
    const { project, task } = await seed(uc, 'lab', { requirements: { cpu: 2, accelerators: 1, memoryMb: 512 }, maxAttempts: 4 });
    const at = clock.advanceSeconds(3);
    const [job] = await submit(uc, project.id, [spec(task.id, { name: 'fit', parameters: '{"lr":0.1}', priority: 5 })]);
    t.like(job, {
      projectId: project.id,
      taskId: task.id,
      name: 'fit',
      parameters: '{"lr":0.1}',
      priority: 5,
      status: 'PENDING',
      dependencies: [],
      unmetDependencies: 0,
      requirements: { cpu: 2, accelerators: 1, memoryMb: 512 },
      attempts: 0,
      maxAttempts: 4,
      lease: null,
      blockedBy: null,
      failureReason: null,
    });
    t.is(job!.createdAt.getTime(), at.getTime());
    t.deepEqual(await getJob(uc, job!.id), job);
  }),
);

test(
  'an empty batch stores nothing and answers []',
  withHarness(async (t, { uc }) => {
    const { project } = await seed(uc);
    t.deepEqual(await submit(uc, project.id, []), []);
    t.is(await countJobs(uc, project.id), 0);
  }),
);

test(
  'a batch DAG by key, by position and on existing jobs resolves every edge and counts unmet ones',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const done = await submitOne(uc, project.id, task.id, { name: 'done' });
    await completeById(uc, done.id);
    const waiting = await submitOne(uc, project.id, task.id, { name: 'waiting' });

    const jobs = await submit(uc, project.id, [
      spec(task.id, { key: 'prep', name: 'prep', dependsOn: [onJob(done.id)] }),
      spec(task.id, { key: 'fit', name: 'fit', dependsOn: [onKey('prep'), onJob(waiting.id)] }),
      // Refers forward by position and by key, and names the same job twice.
      spec(task.id, { name: 'report', dependsOn: [onPosition(1), onKey('fit'), onPosition(3)] }),
      spec(task.id, { key: 'side', name: 'side' }),
    ]);
    const [prep, fit, report, side] = jobs;
    t.deepEqual(
      jobs.map((j) => j.name),
      ['prep', 'fit', 'report', 'side'],
    );
    t.true(jobs.every((j, i) => i === 0 || j.id > jobs[i - 1]!.id), 'ids ascend in batch order');
    t.deepEqual(prep!.dependencies, [done.id]);
    t.is(prep!.unmetDependencies, 0, 'a COMPLETED dependency is met');
    t.deepEqual([...fit!.dependencies].sort((a, b) => a - b), [waiting.id, prep!.id].sort((a, b) => a - b));
    t.is(fit!.unmetDependencies, 2);
    t.deepEqual([...report!.dependencies].sort((a, b) => a - b), [fit!.id, side!.id]);
    t.is(report!.unmetDependencies, 2);
    t.true(jobs.every((j) => j.status === 'PENDING'));
    // What was returned is what was stored.
    for (const job of jobs) t.deepEqual(await getJob(uc, job.id), job);
  }),
);

/** Submits a batch that must be refused, checking that the project holds as many jobs after as before. */
const refused = async (t: ExecutionContext, uc: UseCases, projectId: number, specs: readonly JobSpec[]) => {
  const before = await countJobs(uc, projectId);
  const result = await uc.submitJobs.execute(projectId, specs);
  t.is(await countJobs(uc, projectId), before, 'nothing stored when the batch is refused');
  return result;
};

test(
  'an unknown dependency id is UnknownDependency naming it, and nothing is stored',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const existing = await submitOne(uc, project.id, task.id);
    const result = await refused(t, uc, project.id, [spec(task.id), spec(task.id, { dependsOn: [onJob(existing.id), onJob(9999)] })]);
    const error = leftTagged(t, result, 'UnknownDependency');
    t.regex(error.reference, /9999/);
    t.regex(error.message, /9999/);
  }),
);

test(
  'an unknown key or an out-of-range position is UnknownDependency',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    t.regex(leftTagged(t, await refused(t, uc, project.id, [spec(task.id, { dependsOn: [onKey('ghost')] })]), 'UnknownDependency').reference, /ghost/);
    t.regex(leftTagged(t, await refused(t, uc, project.id, [spec(task.id), spec(task.id, { dependsOn: [onPosition(2)] })]), 'UnknownDependency').reference, /2/);
    leftTagged(t, await refused(t, uc, project.id, [spec(task.id, { dependsOn: [onPosition(-1)] })]), 'UnknownDependency');
  }),
);

test(
  'a dependency by name is the batch\'s job of that name, else the project\'s; none or several is ValidationFailed, and nothing is stored',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const other = await seed(uc, 'other');
    await submitOne(uc, other.project.id, other.task.id, { name: 'only-elsewhere' });
    const [stored] = await submit(uc, project.id, [spec(task.id, { name: 'baseline' }), spec(task.id, { name: 'train-v1' })]);
    const onName = (name: string) => ({ kind: 'name' as const, name });
    const [train, evaluation] = await submit(uc, project.id, [
      spec(task.id, { name: 'train-v1' }),
      spec(task.id, { name: 'eval-v1', dependsOn: [onName('train-v1'), onName('baseline')] }),
    ]);
    t.deepEqual([...evaluation!.dependencies].sort((a, b) => a - b), [stored!.id, train!.id].sort((a, b) => a - b), 'the batch\'s train-v1, not the stored one');
    t.is(evaluation!.unmetDependencies, 2);

    const twice = [spec(task.id, { name: 'x' }), spec(task.id, { name: 'x' }), spec(task.id, { name: 'y', dependsOn: [onName('x')] })];
    t.regex(leftTagged(t, await refused(t, uc, project.id, twice), 'ValidationFailed').message, /'x' is ambiguous: the jobs at batch positions 0, 1/);
    t.regex(leftTagged(t, await refused(t, uc, project.id, [spec(task.id, { dependsOn: [onName('train-v1')] })]), 'ValidationFailed').message, /'train-v1' is ambiguous: jobs \d+, \d+ of project/);
    const unknown = leftTagged(t, await refused(t, uc, project.id, [spec(task.id, { name: 'a' }), spec(task.id, { dependsOn: [onName('only-elsewhere')] })]), 'ValidationFailed');
    t.regex(unknown.message, /no job named 'only-elsewhere' exists in the batch or in project \d+/);
  }),
);

test(
  'a dependency on a job of another project is CrossProjectDependency',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc, 'a');
    const other = await seed(uc, 'b');
    const foreign = await submitOne(uc, other.project.id, other.task.id);
    const error = leftTagged(t, await refused(t, uc, project.id, [spec(task.id, { dependsOn: [onJob(foreign.id)] })]), 'CrossProjectDependency');
    t.like(error, { dependencyId: foreign.id, dependencyProjectId: other.project.id, projectId: project.id });
  }),
);

test(
  'a cycle in the batch is CycleDetected with the path, and nothing is stored',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    await submitOne(uc, project.id, task.id);
    const result = await refused(t, uc, project.id, [
      spec(task.id, { key: 'a', dependsOn: [onKey('c')] }),
      spec(task.id, { key: 'b', dependsOn: [onKey('a')] }),
      spec(task.id, { key: 'c', dependsOn: [onKey('b')] }),
      spec(task.id, { key: 'free' }),
    ]);
    const error = leftTagged(t, result, 'CycleDetected');
    t.is(error.path.length, 4, error.path.join(' -> '));
    t.is(error.path[0], error.path[3], 'the path closes on itself');
    t.deepEqual([...new Set(error.path)].sort(), ["'a'", "'b'", "'c'"]);
    // Each step of the path is an edge of the batch: a -> c -> b -> a (x depends on the next).
    const dependsOn: Record<string, string> = { "'a'": "'c'", "'b'": "'a'", "'c'": "'b'" };
    for (let i = 0; i < 3; i++) t.is(dependsOn[error.path[i]!], error.path[i + 1]);
    t.regex(error.message, /->/);
  }),
);

test(
  'a job depending on itself is CycleDetected',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    leftTagged(t, await refused(t, uc, project.id, [spec(task.id, { dependsOn: [onPosition(0)] })]), 'CycleDetected');
  }),
);

test(
  'a task of another project, or an unknown task, is TaskNotFound; an unknown project ProjectNotFound',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc, 'a');
    const other = await seed(uc, 'b');
    const error = leftTagged(t, await refused(t, uc, project.id, [spec(task.id), spec(other.task.id)]), 'TaskNotFound');
    t.is(error.key, other.task.id);
    leftTagged(t, await refused(t, uc, project.id, [spec(12345)]), 'TaskNotFound');
    leftTagged(t, await uc.submitJobs.execute(999, [spec(task.id)]), 'ProjectNotFound');
    t.is(await countJobs(uc, other.project.id), 0);
  }),
);

test(
  'parameters text is kept byte-exact',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const text = '{"b":1.0,"a":1152921504606846976}';
    const job = await submitOne(uc, project.id, task.id, { parameters: text });
    t.is(job.parameters, text);
    t.is((await getJob(uc, job.id)).parameters, text);
    const spaced = '{ "z" : [1.50, 2e3] ,\n "y": "ü" }';
    t.is((await submitOne(uc, project.id, task.id, { parameters: spaced })).parameters, spaced);
  }),
);

test(
  'parameters that are not a JSON object are ValidationFailed',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    for (const parameters of ['[1]', 'nope', 'null', '"text"', '1', '']) {
      const error = leftTagged(t, await refused(t, uc, project.id, [spec(task.id), spec(task.id, { parameters })]), 'ValidationFailed');
      t.is(error.field, 'jobs[1].parameters', parameters);
    }
  }),
);

test(
  'an empty name, a repeated key or a non-integer priority is ValidationFailed',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    leftTagged(t, await refused(t, uc, project.id, [spec(task.id, { name: ' ' })]), 'ValidationFailed');
    leftTagged(t, await refused(t, uc, project.id, [spec(task.id, { key: 'k' }), spec(task.id, { key: 'k' })]), 'ValidationFailed');
    leftTagged(t, await refused(t, uc, project.id, [spec(task.id, { priority: 1.5 })]), 'ValidationFailed');
  }),
);

test(
  'a dependency on an already FAILED job is BLOCKED at once, and so is what the batch builds on it',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const failed = await submitOne(uc, project.id, task.id, { name: 'failed' });
    await failById(uc, failed.id);
    const [child, grandchild, free] = await submit(uc, project.id, [
      spec(task.id, { name: 'child', dependsOn: [onJob(failed.id)] }),
      spec(task.id, { name: 'grandchild', dependsOn: [onPosition(0)] }),
      spec(task.id, { name: 'free' }),
    ]);
    for (const job of [child!, grandchild!]) {
      t.is(job.status, 'BLOCKED', job.name);
      t.is(job.blockedBy, failed.id, job.name);
      t.regex(job.failureReason ?? '', new RegExp(`${failed.id}`));
      t.is((await getJob(uc, job.id)).status, 'BLOCKED');
    }
    t.is(free!.status, 'PENDING');
  }),
);

test(
  'a dependency on a BLOCKED or CANCELLED job is BLOCKED by the root failure',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const root = await submitOne(uc, project.id, task.id, { name: 'root' });
    const blocked = await submitOne(uc, project.id, task.id, { name: 'blocked', dependsOn: [onJob(root.id)] });
    await failById(uc, root.id);
    t.is((await getJob(uc, blocked.id)).status, 'BLOCKED');
    const onBlocked = await submitOne(uc, project.id, task.id, { dependsOn: [onJob(blocked.id)] });
    t.like(onBlocked, { status: 'BLOCKED', blockedBy: root.id });

    const cancelled = await submitOne(uc, project.id, task.id, { name: 'cancelled' });
    right(await uc.cancelJob.execute(cancelled.id));
    const onCancelled = await submitOne(uc, project.id, task.id, { dependsOn: [onJob(cancelled.id)] });
    t.like(onCancelled, { status: 'BLOCKED', blockedBy: cancelled.id });
  }),
);

test(
  'jobs of several tasks of the project go in one batch, each with its own task terms',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const gpu = await createTask(uc, project.id, 'gpu', { requirements: { cpu: 2, accelerators: 1, memoryMb: 0 }, maxAttempts: 1 });
    const [a, b] = await submit(uc, project.id, [spec(task.id), spec(gpu.id, { dependsOn: [onPosition(0)] })]);
    t.like(a, { taskId: task.id, requirements: { cpu: 1, accelerators: 0, memoryMb: 0 }, maxAttempts: 3 });
    t.like(b, { taskId: gpu.id, requirements: { cpu: 2, accelerators: 1, memoryMb: 0 }, maxAttempts: 1, unmetDependencies: 1 });
    t.is(T0.getTime(), a!.createdAt.getTime());
  }),
);

test(
  'list jobs filters by project, task and status and pages in id order',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const other = await createTask(uc, project.id, 'other');
    const jobs = await submit(uc, project.id, [spec(task.id), spec(other.id), spec(task.id), spec(other.id), spec(task.id)]);
    await completeById(uc, jobs[2]!.id);
    const list = async (filter: { taskId?: number; status?: 'PENDING' | 'COMPLETED'; limit?: number; offset?: number; projectId?: number | null }) =>
      right(
        await uc.listJobs.execute({
          projectId: filter.projectId === undefined ? project.id : filter.projectId,
          taskId: filter.taskId ?? null,
          status: filter.status ?? null,
          limit: filter.limit ?? 100,
          offset: filter.offset ?? 0,
        }),
      ).map((j) => j.id);
    const id = (i: number) => jobs[i]!.id;
    t.deepEqual(await list({}), [0, 1, 2, 3, 4].map(id));
    t.deepEqual(await list({ taskId: task.id }), [0, 2, 4].map(id));
    t.deepEqual(await list({ status: 'PENDING' }), [0, 1, 3, 4].map(id));
    t.deepEqual(await list({ taskId: task.id, status: 'PENDING' }), [0, 4].map(id));
    t.deepEqual(await list({ status: 'COMPLETED' }), [id(2)]);
    t.deepEqual(await list({ limit: 2, offset: 1 }), [1, 2].map(id));
    t.deepEqual(await list({ status: 'PENDING', limit: 2, offset: 1 }), [1, 3].map(id));
    const elsewhere = await seed(uc, 'elsewhere');
    const foreign = await submitOne(uc, elsewhere.project.id, elsewhere.task.id);
    t.deepEqual(await list({ projectId: null }), [...[0, 1, 2, 3, 4].map(id), foreign.id]);
    leftTagged(t, await uc.listJobs.execute({ projectId: 999, taskId: null, status: null, limit: 10, offset: 0 }), 'ProjectNotFound');
    leftTagged(t, await uc.listJobs.execute({ projectId: project.id, taskId: null, status: null, limit: 0, offset: 0 }), 'ValidationFailed');
    leftTagged(t, await uc.listJobs.execute({ projectId: project.id, taskId: null, status: null, limit: 10_001, offset: 0 }), 'ValidationFailed');
  }),
);
