import test from 'ava';
import { keepFor, REMOVE_ON_COMPLETE } from '../../src/domain/retention.js';
import {
  allJobs,
  claim,
  completeById,
  createProject,
  createTask,
  failNext,
  leftTagged,
  onJob,
  right,
  seed,
  spec,
  submit,
  submitOne,
  withHarness,
} from './harness.js';

test(
  'remove_on_complete: a job reported done goes, its dependent runs, and a later job cannot depend on it',
  withHarness(async (t, { uc }) => {
    const { project, task } = await seed(uc, 'lab', { retention: REMOVE_ON_COMPLETE });
    const [first, second] = await submit(uc, project.id, [spec(task.id, { name: 'first' }), spec(task.id, { name: 'second', dependsOn: [{ kind: 'position', index: 0 }] })]);
    const claimed = await claim(uc, project.id, { owner: 'w1' });
    t.is(claimed?.id, first!.id);
    t.deepEqual(right(await uc.reportProgress.start(first!.id, 'w1')), 'RUNNING');
    t.deepEqual(right(await uc.reportProgress.complete(first!.id, 'w1')), 'COMPLETED');
    leftTagged(t, await uc.getJob.execute(first!.id), 'JobNotFound');
    t.is((await claim(uc, project.id, { owner: 'w1' }))?.id, second!.id);

    const refused = leftTagged(t, await uc.submitJobs.execute(project.id, [spec(task.id, { dependsOn: [onJob(first!.id)] })]), 'UnknownDependency');
    t.is(
      refused.message,
      `Dependency job id ${first!.id} does not exist. It may have been removed by retention (task 'train' by 'remove_on_complete'); a job cannot depend on a removed job.`,
    );
    const unknown = await submitOne(uc, project.id, task.id);
    const edited = leftTagged(t, await uc.updateJob.execute(unknown.id, { dependsOn: [first!.id] }), 'UnknownDependency');
    t.regex(edited.message, /removed by retention \(task 'train' by 'remove_on_complete'\)/);
  }),
);

test(
  "remove_on_complete on the project: status PUTs (the original client's way) remove too; failed jobs and other tasks' stay",
  withHarness(async (t, { uc }) => {
    const project = right(await uc.createProject.execute({ name: 'lab', description: '', status: 'ACTIVE', retention: REMOVE_ON_COMPLETE }));
    const removes = await createTask(uc, project.id, 'removes');
    const keeps = await createTask(uc, project.id, 'keeps', { retention: keepFor(86_400) });
    const a = await submitOne(uc, project.id, removes.id);
    const b = await submitOne(uc, project.id, keeps.id);
    t.is((await completeById(uc, a.id)).status, 'COMPLETED');
    await completeById(uc, b.id);
    const c = await submitOne(uc, project.id, removes.id);
    await failNext(uc, project.id);
    t.deepEqual((await allJobs(uc, project.id)).map((job) => [job.id, job.status]), [[b.id, 'COMPLETED'], [c.id, 'FAILED']]);
    // A project that removes nothing gives the bare refusal.
    const other = await createProject(uc, 'other');
    const otherTask = await createTask(uc, other.id, 'train');
    const refused = leftTagged(t, await uc.submitJobs.execute(other.id, [spec(otherTask.id, { dependsOn: [onJob(424242)] })]), 'UnknownDependency');
    t.is(refused.message, 'Dependency job id 424242 does not exist.');
  }),
);

test(
  'keep_for: the sweep deletes finished jobs once their period passed, in batches, and leaves the rest',
  withHarness(async (t, { uc, clock }) => {
    const { project, task } = await seed(uc, 'lab', { retention: keepFor(3_600) });
    const jobs = await submit(uc, project.id, Array.from({ length: 5 }, (_, i) => spec(task.id, { name: `j${i}` })));
    for (const job of jobs.slice(0, 4)) await completeById(uc, job.id);
    t.is(await uc.sweepFinishedJobs.execute(), 0);
    clock.advanceSeconds(3_599);
    t.is(await uc.sweepFinishedJobs.execute(), 0);
    clock.advanceSeconds(1);
    t.is(await uc.sweepFinishedJobs.execute(3, 1), 3, 'one batch of 3');
    t.is(await uc.sweepFinishedJobs.execute(3), 1);
    t.deepEqual((await allJobs(uc, project.id)).map((job) => job.id), [jobs[4]!.id]);
    const stats = right(await uc.queueStats.execute(project.id));
    t.like(stats, { total: 1 });
  }),
);
