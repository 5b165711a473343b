import test from 'ava';
import {
  crossProjectDependency,
  cycleDetected,
  hasDependents,
  illegalTransition,
  jobNotFound,
  leaseLost,
  nameTaken,
  projectNotFound,
  taskNotFound,
  unknownDependency,
  validationFailed,
  workerNotFound,
} from '../../src/domain/errors.js';

test('not-found messages name what was looked for', (t) => {
  t.is(projectNotFound(4).message, 'Project with id 4 not found.');
  t.is(projectNotFound('vision').message, "Project with name 'vision' not found.");
  t.is(taskNotFound(7).message, 'Task with id 7 not found.');
  t.is(taskNotFound('train', 2).message, "Task with name 'train' not found in project 2.");
  t.is(taskNotFound(7, 2).message, 'Task with id 7 not found in project 2.');
  t.deepEqual(jobNotFound(12), { _tag: 'JobNotFound', jobId: 12, message: 'Job with id 12 not found.' });
  t.deepEqual(workerNotFound('w1'), { _tag: 'WorkerNotFound', workerId: 'w1', message: "Client with id 'w1' not found." });
});

test('transition errors name the job, its state and the request', (t) => {
  t.deepEqual(illegalTransition(3, 'COMPLETED', 'start'), {
    _tag: 'IllegalTransition',
    jobId: 3,
    from: 'COMPLETED',
    request: 'start',
    why: '',
    message: 'Job 3 is COMPLETED: cannot start.',
  });
  t.is(illegalTransition(3, 'PENDING', 'claim', 'waiting').message, 'Job 3 is PENDING: cannot claim (waiting).');
  t.is(leaseLost(3, 'w2', 'w1').message, "Job 3 is leased to 'w1', not to 'w2'.");
  t.is(leaseLost(3, null, null).message, "Job 3 is not leased to 'anonymous': its lease was lost.");
});

test('graph and naming errors', (t) => {
  t.is(cycleDetected(['1', '2', '1']).message, 'Circular dependency detected: 1 -> 2 -> 1.');
  t.is(unknownDependency('job id 9').message, 'Dependency job id 9 does not exist.');
  t.is(crossProjectDependency(9, 2, 1).message, 'Dependency job 9 belongs to project 2, not to project 1.');
  t.is(hasDependents(4, [5, 6]).message, 'Job 4 cannot be deleted: jobs 5, 6 still wait for it (cancel or delete them first).');
  t.is(nameTaken('task', 'train', ' in project 2').message, "A task named 'train' already exists in project 2.");
  t.is(nameTaken('project', 'vision').message, "A project named 'vision' already exists.");
  t.deepEqual(validationFailed('f', 'bad'), { _tag: 'ValidationFailed', field: 'f', message: 'bad' });
});
