import test from 'ava';
import {
  claim,
  createProject,
  createTask,
  getJob,
  leftTagged,
  offer,
  onJob,
  onPosition,
  right,
  seed,
  spec,
  submit,
  submitOne,
  taskFields,
  withHarness,
} from './harness.js';

const PAGE = { limit: 100, offset: 0 };

test(
  'create keeps every field; get by id returns it',
  withHarness(async (t, { uc }) => {
    const project = await createProject(uc, 'lab');
    const fields = taskFields('train', {
      commandTemplate: 'python train.py --lr {lr}',
      requirements: { cpu: 4, accelerators: 2, memoryMb: 2048 },
      maxAttempts: 5,
      retryOnFailure: true,
      timeoutSeconds: 3600,
    });
    const task = right(await uc.createTask.execute(project.id, fields));
    t.like(task, { ...fields, projectId: project.id });
    t.deepEqual(right(await uc.getTask.byId(task.id)), task);
    leftTagged(t, await uc.getTask.byId(task.id + 1), 'TaskNotFound');
  }),
);

test(
  'create in an unknown project is ProjectNotFound',
  withHarness(async (t, { uc }) => {
    const error = leftTagged(t, await uc.createTask.execute(42, taskFields('train')), 'ProjectNotFound');
    t.is(error.key, 42);
  }),
);

test(
  'invalid task fields are ValidationFailed',
  withHarness(async (t, { uc }) => {
    const project = await createProject(uc, 'lab');
    const cases = [
      [taskFields(''), 'name'],
      [taskFields('t', { requirements: { cpu: -1, accelerators: 0, memoryMb: 0 } }), 'required_cpu'],
      [taskFields('t', { maxAttempts: 0 }), 'max_attempts'],
      [taskFields('t', { timeoutSeconds: 0 }), 'timeout_seconds'],
    ] as const;
    for (const [fields, field] of cases) {
      const error = leftTagged(t, await uc.createTask.execute(project.id, fields), 'ValidationFailed');
      t.is(error.field, field);
    }
    t.deepEqual(right(await uc.listTasks.execute(project.id, PAGE)), []);
  }),
);

test(
  'a duplicate name in the same project is NameTaken, in another project it is allowed',
  withHarness(async (t, { uc }) => {
    const a = await createProject(uc, 'a');
    const b = await createProject(uc, 'b');
    await createTask(uc, a.id, 'train');
    const taken = leftTagged(t, await uc.createTask.execute(a.id, taskFields('train')), 'NameTaken');
    t.is(taken.entity, 'task');
    const inB = right(await uc.createTask.execute(b.id, taskFields('train')));
    t.is(inB.projectId, b.id);
    t.is(right(await uc.listTasks.execute(a.id, PAGE)).length, 1);
  }),
);

test(
  'get by name within a project, and without one (the oldest of that name)',
  withHarness(async (t, { uc }) => {
    const a = await createProject(uc, 'a');
    const b = await createProject(uc, 'b');
    const inA = await createTask(uc, a.id, 'train');
    const inB = await createTask(uc, b.id, 'train');
    const onlyB = await createTask(uc, b.id, 'eval');
    t.is(right(await uc.getTask.byName('train', a.id)).id, inA.id);
    t.is(right(await uc.getTask.byName('train', b.id)).id, inB.id);
    t.is(right(await uc.getTask.byName('train', null)).id, inA.id);
    t.is(right(await uc.getTask.byName('eval', null)).id, onlyB.id);
    const missing = leftTagged(t, await uc.getTask.byName('eval', a.id), 'TaskNotFound');
    t.is(missing.key, 'eval');
    leftTagged(t, await uc.getTask.byName('nope', null), 'TaskNotFound');
  }),
);

test(
  'list orders by id and pages; an unknown project is ProjectNotFound',
  withHarness(async (t, { uc }) => {
    const project = await createProject(uc, 'lab');
    for (const name of ['z', 'a', 'm']) await createTask(uc, project.id, name);
    t.deepEqual(
      right(await uc.listTasks.execute(project.id, PAGE)).map((task) => task.name),
      ['z', 'a', 'm'],
    );
    t.deepEqual(
      right(await uc.listTasks.execute(project.id, { limit: 1, offset: 1 })).map((task) => task.name),
      ['a'],
    );
    leftTagged(t, await uc.listTasks.execute(999, PAGE), 'ProjectNotFound');
    leftTagged(t, await uc.listTasks.execute(project.id, { limit: 0, offset: 0 }), 'ValidationFailed');
  }),
);

test(
  'update changes the requirements of PENDING jobs so that claims filter on the new ones',
  withHarness(async (t, { uc, clock }) => {
    const { project, task } = await seed(uc, 'lab', { requirements: { cpu: 1, accelerators: 0, memoryMb: 0 } });
    const claimed = await submitOne(uc, project.id, task.id, { name: 'claimed-first', priority: 10 });
    const waiting = await submitOne(uc, project.id, task.id, { name: 'waiting' });
    t.is((await claim(uc, project.id))?.id, claimed.id);

    const later = clock.advanceSeconds(10);
    const updated = right(
      await uc.updateTask.execute(task.id, { requirements: { cpu: 4, accelerators: 1, memoryMb: 0 }, maxAttempts: 7 }),
    );
    t.deepEqual(updated.requirements, { cpu: 4, accelerators: 1, memoryMb: 0 });

    const pending = await getJob(uc, waiting.id);
    t.deepEqual(pending.requirements, { cpu: 4, accelerators: 1, memoryMb: 0 });
    t.is(pending.maxAttempts, 7);
    t.is(pending.updatedAt.getTime(), later.getTime());
    // The claimed job keeps the terms it was claimed under.
    t.deepEqual((await getJob(uc, claimed.id)).requirements, { cpu: 1, accelerators: 0, memoryMb: 0 });

    t.is(await claim(uc, project.id, { offer: offer(2, 1) }), null, 'old requirements no longer fit');
    t.is(await claim(uc, project.id, { offer: offer(4, 0) }), null, 'an offer of 0 accelerators filters');
    t.is((await claim(uc, project.id, { offer: offer(4, 1) }))?.id, waiting.id);
  }),
);

test(
  'update to a taken name is NameTaken, to an invalid value ValidationFailed, of an unknown task TaskNotFound',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc);
    await createTask(uc, project.id, 'eval');
    leftTagged(t, await uc.updateTask.execute(task.id, { name: 'eval' }), 'NameTaken');
    leftTagged(t, await uc.updateTask.execute(task.id, { maxAttempts: 0 }), 'ValidationFailed');
    leftTagged(t, await uc.updateTask.execute(999, { name: 'x' }), 'TaskNotFound');
    t.like(right(await uc.getTask.byId(task.id)), { name: 'train', maxAttempts: 3 });
  }),
);

test(
  'a claimer waiting on resources wakes when the task is updated to fit',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc, 'lab', { requirements: { cpu: 8, accelerators: 0, memoryMb: 0 } });
    const job = await submitOne(uc, project.id, task.id);
    const started = Date.now();
    const waiting = uc.claimJob.execute({
      projectId: project.id,
      offer: offer(2),
      owner: 'w1',
      lease: true,
      waitMs: 5_000,
      countPending: false,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    right(await uc.updateTask.execute(task.id, { requirements: { cpu: 2, accelerators: 0, memoryMb: 0 } }));
    const result = right(await waiting);
    t.is(result.claimed[0]?.job.id, job.id);
    t.true(Date.now() - started < 4_000, 'woken by the update, not by the timeout');
  }),
);

test(
  'delete cascades to its jobs and BLOCKS jobs of other tasks that depended on them',
  withHarness(async (t, { uc }) => {
    const { project, task: prepare } = await seed(uc);
    const train = await createTask(uc, project.id, 'fit');
    const [p0, p1] = await submit(uc, project.id, [spec(prepare.id, { name: 'p0' }), spec(prepare.id, { name: 'p1' })]);
    const [direct, transitive, independent] = await submit(uc, project.id, [
      spec(train.id, { name: 'direct', dependsOn: [onJob(p1!.id)] }),
      spec(train.id, { name: 'transitive', dependsOn: [onPosition(0)] }),
      spec(train.id, { name: 'independent' }),
    ]);

    right(await uc.deleteTask.execute(prepare.id));

    leftTagged(t, await uc.getTask.byId(prepare.id), 'TaskNotFound');
    leftTagged(t, await uc.getJob.execute(p0!.id), 'JobNotFound');
    leftTagged(t, await uc.getJob.execute(p1!.id), 'JobNotFound');
    for (const id of [direct!.id, transitive!.id]) {
      const job = await getJob(uc, id);
      t.is(job.status, 'BLOCKED', `job ${job.name}`);
      t.regex(job.failureReason ?? '', /deleted/, `job ${job.name}`);
      t.regex(job.failureReason ?? '', /train/, `job ${job.name} names the deleted task`);
    }
    t.deepEqual((await getJob(uc, direct!.id)).dependencies, [], 'the edge to the deleted job is gone');
    t.is((await getJob(uc, independent!.id)).status, 'PENDING');
    t.is((await claim(uc, project.id))?.id, independent!.id, 'only the independent job is claimable');
    t.is(await claim(uc, project.id), null);
    leftTagged(t, await uc.deleteTask.execute(prepare.id), 'TaskNotFound');
  }),
);
