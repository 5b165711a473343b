import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { newProject, reviseProject, type Project, type ProjectFields } from '../../src/domain/project.js';
import { CREATED, LATER, NOW } from './job-fixture.js';
import { keepFor, KEEP_FOREVER } from '../../src/domain/retention.js';

const fields: ProjectFields & Pick<Project, 'retention'> = { name: 'vision', description: 'image models', status: 'ACTIVE', retention: KEEP_FOREVER };
const project: Project = { ...fields, id: 3, createdAt: CREATED, updatedAt: CREATED };

test('newProject keeps the fields and stamps both dates with now', (t) => {
  t.deepEqual(newProject(fields, NOW), E.right({ ...fields, createdAt: NOW, updatedAt: NOW }));
});

const badNames: readonly [string, string, string][] = [
  ['empty', '', 'name must not be empty'],
  ['blank', ' \t ', 'name must not be empty'],
  ['256 characters', 'p'.repeat(256), 'name is longer than 255 characters'],
  ['a control character', 'a\u0007b', 'name must not contain control characters'],
  ['a newline', 'two\nlines', 'name must not contain control characters'],
];

for (const [what, name, message] of badNames) {
  test(`newProject refuses a name that is ${what}`, (t) => {
    t.deepEqual(newProject({ ...fields, name }, NOW), E.left({ _tag: 'ValidationFailed', field: 'name', message }));
  });
  test(`reviseProject refuses a new name that is ${what}`, (t) => {
    t.deepEqual(reviseProject(project, { name }, LATER), E.left({ _tag: 'ValidationFailed', field: 'name', message }));
  });
}

test('a name of exactly 255 characters is fine', (t) => {
  t.true(E.isRight(newProject({ ...fields, name: 'p'.repeat(255) }, NOW)));
});

test('reviseProject applies the changes, keeps id and createdAt, and moves updatedAt', (t) => {
  t.deepEqual(
    reviseProject(project, { description: 'all models', status: 'ARCHIVED' }, LATER),
    E.right({ id: 3, name: 'vision', description: 'all models', status: 'ARCHIVED', retention: KEEP_FOREVER, createdAt: CREATED, updatedAt: LATER }),
  );
  t.deepEqual(
    E.map((p: Project) => p.name)(reviseProject(project, { name: 'vision-2' }, LATER)),
    E.right('vision-2'),
  );
});

test('newProject keeps every finished job unless told otherwise; reviseProject changes the retention', (t) => {
  const { retention: _, ...withoutRetention } = fields;
  t.like(newProject(withoutRetention, NOW), E.right({ retention: KEEP_FOREVER }));
  t.like(reviseProject(project, { retention: keepFor(60) }, LATER), E.right({ retention: keepFor(60), name: 'vision' }));
});

test('reviseProject with no changes only moves updatedAt', (t) => {
  t.deepEqual(reviseProject(project, {}, LATER), E.right({ ...project, updatedAt: LATER }));
});

test('reviseProject with a name given as undefined keeps the name', (t) => {
  t.deepEqual(
    E.map((p: Project) => p.name)(reviseProject(project, { name: undefined }, LATER)),
    E.right('vision'),
  );
});

// `Partial<ProjectFields>` (exactOptionalPropertyTypes is off) admits an explicit undefined; the
// name is guarded (`changes.name ?? project.name`) but the other fields are spread over the project.
test('reviseProject with a description given as undefined keeps the description', (t) => {
  t.deepEqual(
    E.map((p: Project) => p.description)(reviseProject(project, { description: undefined }, LATER)),
    E.right('image models'),
  );
});
