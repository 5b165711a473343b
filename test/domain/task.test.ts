import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { DEFAULT_MAX_ATTEMPTS, newTask, reviseTask, type Task, type TaskFields } from '../../src/domain/task.js';
import { CREATED, LATER, NOW } from './job-fixture.js';
import { REMOVE_ON_COMPLETE } from '../../src/domain/retention.js';

const fields: TaskFields & Pick<Task, 'retention'> = {
  name: 'train',
  commandTemplate: 'python train.py --lr {lr}',
  requirements: { cpu: 4, accelerators: 1, memoryMb: 2048 },
  maxAttempts: 3,
  retryOnFailure: false,
  timeoutSeconds: 3600,
  retention: null,
};
const task: Task = { ...fields, id: 5, projectId: 2, createdAt: CREATED, updatedAt: CREATED };

test('newTask keeps the fields, records the project and stamps both dates', (t) => {
  t.deepEqual(newTask(2, fields, NOW), E.right({ ...fields, projectId: 2, createdAt: NOW, updatedAt: NOW }));
});

test('DEFAULT_MAX_ATTEMPTS is 3', (t) => {
  t.is(DEFAULT_MAX_ATTEMPTS, 3);
});

const refusals: readonly [string, Partial<TaskFields>, string, string][] = [
  ['an empty name', { name: '' }, 'name', 'name must not be empty'],
  ['a name longer than 255 characters', { name: 't'.repeat(256) }, 'name', 'name is longer than 255 characters'],
  ['a negative cpu', { requirements: { cpu: -1, accelerators: 0, memoryMb: 0 } }, 'required_cpu', 'required_cpu must be an integer >= 0, got -1'],
  ['a fractional cpu', { requirements: { cpu: 1.5, accelerators: 0, memoryMb: 0 } }, 'required_cpu', 'required_cpu must be an integer >= 0, got 1.5'],
  [
    'negative accelerators',
    { requirements: { cpu: 1, accelerators: -2, memoryMb: 0 } },
    'required_accelerators',
    'required_accelerators must be an integer >= 0, got -2',
  ],
  [
    'negative memory',
    { requirements: { cpu: 1, accelerators: 0, memoryMb: -1 } },
    'required_memory_mb',
    'required_memory_mb must be an integer >= 0, got -1',
  ],
  ['maxAttempts 0', { maxAttempts: 0 }, 'max_attempts', 'max_attempts must be an integer >= 1, got 0'],
  ['negative maxAttempts', { maxAttempts: -3 }, 'max_attempts', 'max_attempts must be an integer >= 1, got -3'],
  ['a timeout of 0', { timeoutSeconds: 0 }, 'timeout_seconds', 'timeout_seconds must be positive, got 0'],
  ['a negative timeout', { timeoutSeconds: -5 }, 'timeout_seconds', 'timeout_seconds must be positive, got -5'],
  ['a NaN timeout', { timeoutSeconds: Number.NaN }, 'timeout_seconds', 'timeout_seconds must be positive, got NaN'],
];

for (const [what, change, field, message] of refusals) {
  test(`newTask refuses ${what}`, (t) => {
    t.deepEqual(newTask(2, { ...fields, ...change }, NOW), E.left({ _tag: 'ValidationFailed', field, message }));
  });
  test(`reviseTask refuses ${what}`, (t) => {
    t.deepEqual(reviseTask(task, change, LATER), E.left({ _tag: 'ValidationFailed', field, message }));
  });
}

test('the edges of what is valid: no resources, one attempt, no timeout, a fractional timeout, no command', (t) => {
  const edge: TaskFields = {
    ...fields,
    commandTemplate: null,
    requirements: { cpu: 0, accelerators: 0, memoryMb: 0 },
    maxAttempts: 1,
    timeoutSeconds: null,
  };
  t.true(E.isRight(newTask(2, edge, NOW)));
  t.true(E.isRight(newTask(2, { ...edge, timeoutSeconds: 0.5 }, NOW)));
});

test('the first invalid field is reported', (t) => {
  const result = newTask(2, { ...fields, name: '', maxAttempts: 0 }, NOW);
  t.true(E.isLeft(result) && result.left.field === 'name');
});

test('reviseTask merges the changes, keeps id, project and createdAt, and moves updatedAt', (t) => {
  t.deepEqual(
    reviseTask(task, { maxAttempts: 5, retryOnFailure: true, requirements: { cpu: 8, accelerators: 2, memoryMb: 0 } }, LATER),
    E.right({
      ...task,
      maxAttempts: 5,
      retryOnFailure: true,
      requirements: { cpu: 8, accelerators: 2, memoryMb: 0 },
      updatedAt: LATER,
    }),
  );
});

test('reviseTask can remove the timeout and the command', (t) => {
  t.deepEqual(reviseTask(task, { timeoutSeconds: null, commandTemplate: null }, LATER), E.right({ ...task, timeoutSeconds: null, commandTemplate: null, updatedAt: LATER }));
});

// `Partial<TaskFields>` admits an explicit undefined (exactOptionalPropertyTypes is off), as
// reviseProject allows for the name; here it reaches validateName and throws a TypeError
// (value.trim of undefined) instead of keeping the name or returning a ValidationFailed.
test('reviseTask with a name given as undefined keeps the name instead of throwing', (t) => {
  t.deepEqual(
    E.map((revised: Task) => revised.name)(reviseTask(task, { name: undefined }, LATER)),
    E.right('train'),
  );
});

test("a task follows its project's retention unless given one; reviseTask sets and clears it", (t) => {
  const { retention: _, ...withoutRetention } = fields;
  t.like(newTask(2, withoutRetention, NOW), E.right({ retention: null }));
  const own = reviseTask(task, { retention: REMOVE_ON_COMPLETE }, LATER);
  t.like(own, E.right({ retention: REMOVE_ON_COMPLETE }));
  if (E.isRight(own)) t.like(reviseTask(own.right, { retention: null }, LATER), E.right({ retention: null }));
  t.like(reviseTask(task, {}, LATER), E.right({ retention: null }));
});
