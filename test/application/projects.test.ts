import test from 'ava';
import { USE_CASES } from '../../src/application/use-cases.js';
import {
  allJobs,
  createProject,
  createTask,
  harness,
  leftTagged,
  right,
  seed,
  submit,
  spec,
  onPosition,
  T0,
  withHarness,
} from './harness.js';

const PAGE = { limit: 100, offset: 0 };

test(
  'the composition root resolves every use case and the harness clock is the one they read',
  withHarness(async (t, { uc, clock }) => {
    t.deepEqual(Object.keys(uc).sort(), Object.keys(USE_CASES).sort());
    for (const [name, useCase] of Object.entries(USE_CASES)) t.true(uc[name as keyof typeof uc] instanceof useCase, name);
    const first = await createProject(uc, 'first');
    t.is(first.createdAt.getTime(), T0.getTime());
    clock.advanceSeconds(5);
    const second = await createProject(uc, 'second');
    t.is(second.createdAt.getTime(), T0.getTime() + 5000);
  }),
);

test('each harness has its own store', async (t) => {
  const a = harness();
  const b = harness();
  try {
    await createProject(a.uc, 'only-in-a');
    t.deepEqual(right(await b.uc.listProjects.execute(null, PAGE)), []);
    t.is(right(await a.uc.listProjects.execute(null, PAGE)).length, 1);
  } finally {
    await a.close();
    await b.close();
  }
});

test(
  'create, then get by id and by name',
  withHarness(async (t, { uc }) => {
    const created = right(await uc.createProject.execute({ name: 'lab', description: 'experiments', status: 'ACTIVE' }));
    t.like(created, { name: 'lab', description: 'experiments', status: 'ACTIVE' });
    t.true(created.id > 0);
    t.deepEqual(right(await uc.getProject.byId(created.id)), created);
    t.deepEqual(right(await uc.getProject.byName('lab')), created);
    const byId = leftTagged(t, await uc.getProject.byId(created.id + 1), 'ProjectNotFound');
    t.is(byId.key, created.id + 1);
    const byName = leftTagged(t, await uc.getProject.byName('nope'), 'ProjectNotFound');
    t.is(byName.key, 'nope');
    t.regex(byName.message, /nope/);
  }),
);

test(
  'a duplicate name is NameTaken and nothing is stored',
  withHarness(async (t, { uc }) => {
    await createProject(uc, 'lab');
    const taken = leftTagged(t, await uc.createProject.execute({ name: 'lab', description: '', status: 'ACTIVE' }), 'NameTaken');
    t.is(taken.entity, 'project');
    t.is(taken.name, 'lab');
    t.is(right(await uc.listProjects.execute(null, PAGE)).length, 1);
  }),
);

test(
  'an empty or blank name is ValidationFailed',
  withHarness(async (t, { uc }) => {
    for (const name of ['', '   ']) {
      const error = leftTagged(t, await uc.createProject.execute({ name, description: '', status: 'ACTIVE' }), 'ValidationFailed');
      t.is(error.field, 'name');
    }
    t.deepEqual(right(await uc.listProjects.execute(null, PAGE)), []);
  }),
);

test(
  'list orders by id, filters by status and pages',
  withHarness(async (t, { uc }) => {
    // Names deliberately out of alphabetical order: the order is by id.
    const names = ['delta', 'alpha', 'echo', 'bravo', 'charlie'];
    const projects = [];
    for (const name of names) projects.push(await createProject(uc, name));
    right(await uc.updateProject.archive(projects[1]!.id));
    right(await uc.updateProject.archive(projects[3]!.id));

    const all = right(await uc.listProjects.execute(null, PAGE));
    t.deepEqual(
      all.map((p) => p.name),
      names,
    );
    t.deepEqual(
      right(await uc.listProjects.execute('ACTIVE', PAGE)).map((p) => p.name),
      ['delta', 'echo', 'charlie'],
    );
    t.deepEqual(
      right(await uc.listProjects.execute('ARCHIVED', PAGE)).map((p) => p.name),
      ['alpha', 'bravo'],
    );
    t.deepEqual(
      right(await uc.listProjects.execute(null, { limit: 2, offset: 1 })).map((p) => p.name),
      ['alpha', 'echo'],
    );
    t.deepEqual(
      right(await uc.listProjects.execute('ACTIVE', { limit: 1, offset: 1 })).map((p) => p.name),
      ['echo'],
    );
    t.deepEqual(right(await uc.listProjects.execute(null, { limit: 10, offset: 5 })), []);
  }),
);

test(
  'limit must be 1..10000 and offset >= 0',
  withHarness(async (t, { uc }) => {
    await createProject(uc, 'lab');
    for (const limit of [0, 10_001, -1, 1.5]) {
      const error = leftTagged(t, await uc.listProjects.execute(null, { limit, offset: 0 }), 'ValidationFailed');
      t.is(error.field, 'limit');
    }
    leftTagged(t, await uc.listProjects.execute(null, { limit: 10, offset: -1 }), 'ValidationFailed');
    t.is(right(await uc.listProjects.execute(null, { limit: 10_000, offset: 0 })).length, 1);
    t.is(right(await uc.listProjects.execute(null, { limit: 1, offset: 0 })).length, 1);
  }),
);

test(
  'update renames and describes, moves updatedAt, keeps createdAt',
  withHarness(async (t, { uc, clock }) => {
    const project = await createProject(uc, 'lab');
    const later = clock.advanceSeconds(30);
    const updated = right(await uc.updateProject.execute(project.id, { name: 'lab-2', description: 'renamed' }));
    t.like(updated, { id: project.id, name: 'lab-2', description: 'renamed', status: 'ACTIVE' });
    t.is(updated.createdAt.getTime(), project.createdAt.getTime());
    t.is(updated.updatedAt.getTime(), later.getTime());
    t.deepEqual(right(await uc.getProject.byName('lab-2')), updated);
    leftTagged(t, await uc.getProject.byName('lab'), 'ProjectNotFound');
    // The old name is free again.
    await createProject(uc, 'lab');
  }),
);

test(
  'update to a name another project holds is NameTaken; to an empty name ValidationFailed; unknown id ProjectNotFound',
  withHarness(async (t, { uc }) => {
    const a = await createProject(uc, 'a');
    await createProject(uc, 'b');
    leftTagged(t, await uc.updateProject.execute(a.id, { name: 'b' }), 'NameTaken');
    leftTagged(t, await uc.updateProject.execute(a.id, { name: '' }), 'ValidationFailed');
    leftTagged(t, await uc.updateProject.execute(999, { description: 'x' }), 'ProjectNotFound');
    t.is(right(await uc.getProject.byId(a.id)).name, 'a');
    // Keeping its own name is fine.
    t.is(right(await uc.updateProject.execute(a.id, { name: 'a', description: 'same name' })).description, 'same name');
  }),
);

test(
  'archive sets ARCHIVED and keeps the project readable',
  withHarness(async (t, { uc }) => {
    const project = await createProject(uc, 'lab');
    const archived = right(await uc.updateProject.archive(project.id));
    t.is(archived.status, 'ARCHIVED');
    t.is(right(await uc.getProject.byId(project.id)).status, 'ARCHIVED');
    leftTagged(t, await uc.updateProject.archive(404), 'ProjectNotFound');
  }),
);

test(
  'delete by id cascades to tasks and jobs, and leaves other projects alone',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc, 'doomed');
    const jobs = await submit(uc, project.id, [spec(task.id), spec(task.id, { dependsOn: [onPosition(0)] })]);
    const other = await seed(uc, 'kept');
    const kept = await submit(uc, other.project.id, [spec(other.task.id)]);

    right(await uc.deleteProject.byId(project.id));

    leftTagged(t, await uc.getProject.byId(project.id), 'ProjectNotFound');
    leftTagged(t, await uc.getTask.byId(task.id), 'TaskNotFound');
    for (const job of jobs) leftTagged(t, await uc.getJob.execute(job.id), 'JobNotFound');
    leftTagged(t, await uc.listJobs.execute({ projectId: project.id, taskId: null, status: null, limit: 10, offset: 0 }), 'ProjectNotFound');
    t.deepEqual(
      (await allJobs(uc, other.project.id)).map((j) => j.id),
      kept.map((j) => j.id),
    );
    t.is(right(await uc.getTask.byId(other.task.id)).name, 'train');
    leftTagged(t, await uc.deleteProject.byId(project.id), 'ProjectNotFound');
    // The name is free again.
    await createProject(uc, 'doomed');
  }),
);

test(
  'delete by name cascades too',
  withHarness(async (t, { uc }) => {
    const project = await createProject(uc, 'doomed');
    const task = await createTask(uc, project.id, 'train');
    const [job] = await submit(uc, project.id, [spec(task.id)]);
    right(await uc.deleteProject.byName('doomed'));
    leftTagged(t, await uc.getProject.byName('doomed'), 'ProjectNotFound');
    leftTagged(t, await uc.getTask.byId(task.id), 'TaskNotFound');
    leftTagged(t, await uc.getJob.execute(job!.id), 'JobNotFound');
    leftTagged(t, await uc.deleteProject.byName('doomed'), 'ProjectNotFound');
  }),
);
