import test from 'ava';
import type { JobStatus } from '../../src/domain/job-status.js';
import {
  claim,
  completeById,
  createTask,
  failById,
  getJob,
  leftTagged,
  onPosition,
  right,
  seed,
  spec,
  submit,
  submitOne,
  withHarness,
} from './harness.js';

test(
  'name and priority change at any time, even after the job finished',
  withHarness(async (t, { uc, clock }) => {
    const { project, task } = await seed(uc);
    const job = await submitOne(uc, project.id, task.id, { name: 'before' });
    await completeById(uc, job.id);
    const at = clock.advanceSeconds(7);
    const updated = right(await uc.updateJob.execute(job.id, { name: 'after', priority: 9 }));
    t.like(updated, { name: 'after', priority: 9, status: 'COMPLETED' });
    t.is(updated.updatedAt.getTime(), at.getTime());
    t.like(await getJob(uc, job.id), { name: 'after', priority: 9 });
    leftTagged(t, await uc.updateJob.execute(job.id, { name: '' }), 'ValidationFailed');
    leftTagged(t, await uc.updateJob.execute(job.id, { priority: 0.5 }), 'ValidationFailed');
  }),
);

test(
  'a new priority reorders the claim',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const [first, second] = await submit(uc, project.id, [spec(task.id, { priority: 5 }), spec(task.id, { priority: 1 })]);
    right(await uc.updateJob.execute(second!.id, { priority: 10 }));
    t.is((await claim(uc, project.id))?.id, second!.id);
    t.is((await claim(uc, project.id))?.id, first!.id);
  }),
);

test(
  'parameters, task and dependencies change while PENDING',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const gpu = await createTask(uc, project.id, 'gpu', { requirements: { cpu: 2, accelerators: 1, memoryMb: 64 }, maxAttempts: 9 });
    const dep = await submitOne(uc, project.id, task.id, { name: 'dep' });
    const job = await submitOne(uc, project.id, task.id, { name: 'job' });
    const updated = right(
      await uc.updateJob.execute(job.id, { parameters: '{"x":1.0}', taskId: gpu.id, dependsOn: [dep.id] }),
    );
    t.like(updated, {
      parameters: '{"x":1.0}',
      taskId: gpu.id,
      requirements: { cpu: 2, accelerators: 1, memoryMb: 64 },
      maxAttempts: 9,
      dependencies: [dep.id],
      unmetDependencies: 1,
      status: 'PENDING',
    });
    t.like(await getJob(uc, job.id), { parameters: '{"x":1.0}', taskId: gpu.id, dependencies: [dep.id], unmetDependencies: 1 });
    leftTagged(t, await uc.updateJob.execute(job.id, { parameters: '[1]' }), 'ValidationFailed');
    const other = await seed(uc, 'other');
    leftTagged(t, await uc.updateJob.execute(job.id, { taskId: other.task.id }), 'TaskNotFound');
    leftTagged(t, await uc.updateJob.execute(job.id, { projectId: other.project.id }), 'ValidationFailed');
    leftTagged(t, await uc.updateJob.execute(9999, { name: 'x' }), 'JobNotFound');
  }),
);

test(
  'parameters, task and dependencies are refused once claimed, naming the job and its state',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const other = await createTask(uc, project.id, 'other');
    const dep = await submitOne(uc, project.id, task.id, { priority: -1 });
    const job = await submitOne(uc, project.id, task.id, { parameters: '{"a":1}' });
    t.is((await claim(uc, project.id))?.id, job.id);
    const states: [JobStatus, () => Promise<unknown>][] = [
      ['QUEUED', async () => undefined],
      ['RUNNING', async () => right(await uc.reportProgress.start(job.id, 'w1'))],
      ['COMPLETED', async () => right(await uc.reportProgress.complete(job.id, 'w1'))],
    ];
    for (const [state, reach] of states) {
      await reach();
      for (const changes of [{ parameters: '{"a":2}' }, { taskId: other.id }, { dependsOn: [dep.id] }]) {
        const error = leftTagged(t, await uc.updateJob.execute(job.id, changes), 'IllegalTransition');
        t.is(error.jobId, job.id);
        t.is(error.from, state);
        t.regex(error.message, new RegExp(`Job ${job.id} is ${state}`));
      }
      t.like(await getJob(uc, job.id), { status: state, parameters: '{"a":1}', taskId: task.id, dependencies: [] });
    }
  }),
);

test(
  'a claimed job may gain COMPLETED dependencies and keeps its state; losing one or gaining an unfinished one is refused with the reason',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const [done, open, job] = await submit(uc, project.id, [spec(task.id, { priority: 9 }), spec(task.id, { priority: -9 }), spec(task.id)]);
    await completeById(uc, done!.id);
    t.is((await claim(uc, project.id))?.id, job!.id);
    right(await uc.reportProgress.start(job!.id, 'w1'));

    const gained = right(await uc.updateJob.execute(job!.id, { dependsOn: [done!.id] }));
    t.like(gained, { status: 'RUNNING', dependencies: [done!.id], unmetDependencies: 0 });
    t.deepEqual((await getJob(uc, job!.id)).dependencies, [done!.id]);

    const unfinished = leftTagged(t, await uc.updateJob.execute(job!.id, { dependsOn: [done!.id, open!.id] }), 'IllegalTransition');
    t.regex(unfinished.message, new RegExp(`can only gain COMPLETED jobs: job ${open!.id} is PENDING`));
    const lost = leftTagged(t, await uc.updateJob.execute(job!.id, { dependsOn: [] }), 'IllegalTransition');
    t.regex(lost.message, new RegExp(`not lose job ${done!.id}`));
    t.like(await getJob(uc, job!.id), { status: 'RUNNING', dependencies: [done!.id] });
  }),
);

test(
  'a cycle is CycleDetected on a claimed job too, before its state is considered (as the original answers 400)',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const [a, b] = await submit(uc, project.id, [spec(task.id, { name: 'a' }), spec(task.id, { name: 'b', dependsOn: [onPosition(0)] })]);
    t.is((await claim(uc, project.id))?.id, a!.id);
    const error = leftTagged(t, await uc.updateJob.execute(a!.id, { dependsOn: [b!.id], parameters: '{"changed":1}' }), 'CycleDetected');
    t.deepEqual(error.path, [a!.id, b!.id, a!.id].map(String));
    t.like(await getJob(uc, a!.id), { status: 'QUEUED', dependencies: [], parameters: '{}' });
  }),
);

test(
  'new dependencies may name jobs of the project: one job of the name resolves, none or several is ValidationFailed naming it',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const other = await seed(uc, 'other');
    await submitOne(uc, other.project.id, other.task.id, { name: 'prep' });
    const [prep, , , job] = await submit(uc, project.id, [
      spec(task.id, { name: 'prep' }),
      spec(task.id, { name: 'twin' }),
      spec(task.id, { name: 'twin' }),
      spec(task.id, { name: 'job' }),
    ]);
    t.deepEqual(right(await uc.updateJob.execute(job!.id, { dependsOn: ['prep', prep!.id] })).dependencies, [prep!.id]);
    const ambiguous = leftTagged(t, await uc.updateJob.execute(job!.id, { dependsOn: ['twin'] }), 'ValidationFailed');
    t.regex(ambiguous.message, /depends key 'twin' is ambiguous: jobs \d+, \d+ of project \d+ are all named 'twin'/);
    const unknown = leftTagged(t, await uc.updateJob.execute(job!.id, { dependsOn: ['ghost'] }), 'ValidationFailed');
    t.regex(unknown.message, /depends key 'ghost' is not a job id, and no job named 'ghost' exists in project \d+/);
    t.deepEqual((await getJob(uc, job!.id)).dependencies, [prep!.id]);
  }),
);

test(
  'rewiring dependencies recomputes the unmet count and readiness',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const [done, open, job] = await submit(uc, project.id, [spec(task.id, { priority: 9 }), spec(task.id, { priority: -9 }), spec(task.id, { dependsOn: [onPosition(0)] })]);
    await completeById(uc, done!.id);
    t.is((await getJob(uc, job!.id)).unmetDependencies, 0);

    t.is(right(await uc.updateJob.execute(job!.id, { dependsOn: [done!.id, open!.id] })).unmetDependencies, 1);
    t.is((await claim(uc, project.id))?.id, open!.id, 'the rewired job is no longer ready');
    t.is(await claim(uc, project.id), null, 'and nothing else is ready');

    t.is(right(await uc.updateJob.execute(job!.id, { dependsOn: [] })).unmetDependencies, 0);
    t.is((await claim(uc, project.id))?.id, job!.id, 'without dependencies it is ready again');
  }),
);

test(
  'rewiring into a cycle is CycleDetected with its path, and changes nothing',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const [a, b, c] = await submit(uc, project.id, [
      spec(task.id, { name: 'a' }),
      spec(task.id, { name: 'b', dependsOn: [onPosition(0)] }),
      spec(task.id, { name: 'c', dependsOn: [onPosition(1)] }),
    ]);
    const error = leftTagged(t, await uc.updateJob.execute(a!.id, { dependsOn: [c!.id], name: 'renamed' }), 'CycleDetected');
    t.deepEqual(error.path, [a!.id, c!.id, b!.id, a!.id].map(String));
    const self = leftTagged(t, await uc.updateJob.execute(b!.id, { dependsOn: [b!.id] }), 'CycleDetected');
    t.deepEqual(self.path, [b!.id, b!.id].map(String));
    t.like(await getJob(uc, a!.id), { name: 'a', dependencies: [] });
    t.deepEqual((await getJob(uc, b!.id)).dependencies, [a!.id]);
  }),
);

test(
  'rewiring to an unknown or foreign job is refused',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const job = await submitOne(uc, project.id, task.id);
    const error = leftTagged(t, await uc.updateJob.execute(job.id, { dependsOn: [4242] }), 'UnknownDependency');
    t.regex(error.reference, /4242/);
    const other = await seed(uc, 'other');
    const foreign = await submitOne(uc, other.project.id, other.task.id);
    leftTagged(t, await uc.updateJob.execute(job.id, { dependsOn: [foreign.id] }), 'CrossProjectDependency');
    t.deepEqual((await getJob(uc, job.id)).dependencies, []);
  }),
);

test(
  'rewiring onto a failed job blocks the job and its dependents; rewiring away unblocks them',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const failed = await submitOne(uc, project.id, task.id, { name: 'failed' });
    await failById(uc, failed.id);
    const [job, child] = await submit(uc, project.id, [spec(task.id, { name: 'job' }), spec(task.id, { name: 'child', dependsOn: [onPosition(0)] })]);

    t.like(right(await uc.updateJob.execute(job!.id, { dependsOn: [failed.id] })), { status: 'BLOCKED', blockedBy: failed.id });
    t.like(await getJob(uc, child!.id), { status: 'BLOCKED', blockedBy: failed.id });

    t.like(right(await uc.updateJob.execute(job!.id, { dependsOn: [] })), { status: 'PENDING', blockedBy: null, unmetDependencies: 0 });
    t.like(await getJob(uc, child!.id), { status: 'PENDING', blockedBy: null, unmetDependencies: 1 });
  }),
);

test(
  'PENDING -> QUEUED -> RUNNING -> COMPLETED by anonymous status changes, as the Python client does',
  withHarness(async (t, { uc, clock }) => {
    const { project, task } = await seed(uc);
    const [job, dependent] = await submit(uc, project.id, [spec(task.id), spec(task.id, { dependsOn: [onPosition(0)] })]);
    const queued = right(await uc.updateJob.execute(job!.id, { status: 'QUEUED' }));
    // No heartbeat will keep it: the claim expires after the unleased-claim time (a day by default).
    t.like(queued, { status: 'QUEUED', attempts: 1, lease: { owner: null, expiresAt: new Date(clock.now().getTime() + 86_400_000) } });
    t.is(await claim(uc, project.id), null, 'a QUEUED job is not claimable');
    const startedAt = clock.advanceSeconds(1);
    const running = right(await uc.updateJob.execute(job!.id, { status: 'RUNNING' }));
    t.like(running, { status: 'RUNNING' });
    t.is(running.startedAt?.getTime(), startedAt.getTime());
    const finishedAt = clock.advanceSeconds(1);
    const completed = right(await uc.updateJob.execute(job!.id, { status: 'COMPLETED' }));
    t.like(completed, { status: 'COMPLETED', exitCode: 0, lease: null });
    t.is(completed.finishedAt?.getTime(), finishedAt.getTime());
    t.is((await getJob(uc, dependent!.id)).unmetDependencies, 0);
    t.is((await claim(uc, project.id))?.id, dependent!.id);
  }),
);

test(
  'anonymous status changes are accepted on a job a worker leased',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const job = await submitOne(uc, project.id, task.id);
    t.is((await claim(uc, project.id, { owner: 'w1' }))?.id, job.id);
    t.is(right(await uc.updateJob.execute(job.id, { status: 'RUNNING' })).status, 'RUNNING');
    t.is(right(await uc.updateJob.execute(job.id, { status: 'COMPLETED' })).status, 'COMPLETED');
  }),
);

test(
  'QUEUED -> FAILED records a reason and blocks the dependents',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const [job, child, grandchild] = await submit(uc, project.id, [
      spec(task.id),
      spec(task.id, { dependsOn: [onPosition(0)] }),
      spec(task.id, { dependsOn: [onPosition(1)] }),
    ]);
    right(await uc.updateJob.execute(job!.id, { status: 'QUEUED' }));
    const failed = right(await uc.updateJob.execute(job!.id, { status: 'FAILED' }));
    t.is(failed.status, 'FAILED');
    t.truthy(failed.failureReason);
    t.truthy(failed.finishedAt);
    for (const id of [child!.id, grandchild!.id]) t.like(await getJob(uc, id), { status: 'BLOCKED', blockedBy: job!.id });
  }),
);

test(
  'illegal status changes are IllegalTransition naming the job, its state and the request, and change nothing',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const [done, pending, waiting] = await submit(uc, project.id, [
      spec(task.id, { name: 'done' }),
      spec(task.id, { name: 'pending' }),
      spec(task.id, { name: 'waiting', dependsOn: [onPosition(1)] }),
    ]);
    await completeById(uc, done!.id);
    const cases: [number, JobStatus, JobStatus, RegExp][] = [
      [done!.id, 'COMPLETED', 'RUNNING', /set it to RUNNING/],
      [done!.id, 'COMPLETED', 'PENDING', /set it to PENDING/],
      [done!.id, 'COMPLETED', 'CANCELLED', /set it to CANCELLED/],
      [pending!.id, 'PENDING', 'COMPLETED', /set it to COMPLETED/],
      [pending!.id, 'PENDING', 'RUNNING', /set it to RUNNING/],
      [pending!.id, 'PENDING', 'BLOCKED', /set it to BLOCKED/],
      [waiting!.id, 'PENDING', 'QUEUED', /set it to QUEUED/],
    ];
    for (const [id, from, to, request] of cases) {
      const before = await getJob(uc, id);
      const error = leftTagged(t, await uc.updateJob.execute(id, { status: to, name: 'should-not-stick' }), 'IllegalTransition');
      t.is(error.jobId, id);
      t.is(error.from, from);
      t.regex(error.request, request);
      t.true(error.message.includes(`Job ${id}`) && error.message.includes(from), error.message);
      t.regex(error.message, request);
      t.deepEqual(await getJob(uc, id), before, 'the refused PUT rolled back the name too');
    }
  }),
);

test(
  'a PUT of the values the job already has is no change',
  withHarness(async (t, { uc, clock }) => {
    const { project, task } = await seed(uc);
    const [a, b, job] = await submit(uc, project.id, [
      spec(task.id),
      spec(task.id),
      spec(task.id, { name: 'job', parameters: '{"p":1.0}', priority: 3, dependsOn: [onPosition(1), onPosition(0)] }),
    ]);
    await completeById(uc, a!.id);
    const before = await getJob(uc, job!.id);
    clock.advanceSeconds(60);
    const same = {
      name: 'job',
      projectId: project.id,
      taskId: task.id,
      parameters: '{"p":1.0}',
      priority: 3,
      dependsOn: [b!.id, a!.id, b!.id],
      status: 'PENDING' as const,
    };
    t.deepEqual(right(await uc.updateJob.execute(job!.id, same)), before);
    t.deepEqual(await getJob(uc, job!.id), before);

    // Once the job has run, sending back what was read is still fine.
    await completeById(uc, b!.id);
    const done = await completeById(uc, job!.id);
    clock.advanceSeconds(60);
    t.deepEqual(right(await uc.updateJob.execute(job!.id, { ...same, status: 'COMPLETED' })), done);
    t.deepEqual(await getJob(uc, job!.id), done);
  }),
);

test(
  'FAILED -> PENDING retries the job and unblocks its dependents',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const [job, child] = await submit(uc, project.id, [spec(task.id), spec(task.id, { dependsOn: [onPosition(0)] })]);
    await failById(uc, job!.id);
    t.is((await getJob(uc, child!.id)).status, 'BLOCKED');
    const retried = right(await uc.updateJob.execute(job!.id, { status: 'PENDING' }));
    t.like(retried, { status: 'PENDING', attempts: 0, lease: null, exitCode: null, finishedAt: null });
    t.like(await getJob(uc, child!.id), { status: 'PENDING', blockedBy: null, failureReason: null, unmetDependencies: 1 });
    t.is((await claim(uc, project.id))?.id, job!.id);
  }),
);

test(
  'status CANCELLED through a PUT cancels and blocks the dependents',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    const [job, child] = await submit(uc, project.id, [spec(task.id), spec(task.id, { dependsOn: [onPosition(0)] })]);
    t.is(right(await uc.updateJob.execute(job!.id, { status: 'CANCELLED' })).status, 'CANCELLED');
    t.like(await getJob(uc, child!.id), { status: 'BLOCKED', blockedBy: job!.id });
  }),
);
