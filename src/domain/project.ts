import * as E from 'fp-ts/lib/Either.js';
import type { ValidationFailed } from './errors.js';
import { definedOnly } from './changes.js';
import { validateName } from './names.js';
import { KEEP_FOREVER, type Retention } from './retention.js';

export const PROJECT_STATUSES = ['ACTIVE', 'ARCHIVED'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export interface ProjectFields {
  readonly name: string;
  readonly description: string;
  readonly status: ProjectStatus;
  /** Keep every finished job when not given. */
  readonly retention?: Retention;
}

export interface Project extends ProjectFields {
  readonly id: number;
  readonly retention: Retention;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewProject extends ProjectFields {
  readonly retention: Retention;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export const newProject = (fields: ProjectFields, now: Date): E.Either<ValidationFailed, NewProject> =>
  E.map((name: string) => ({ ...fields, retention: fields.retention ?? KEEP_FOREVER, name, createdAt: now, updatedAt: now }))(validateName('name', fields.name));

export const reviseProject = (project: Project, changes: Partial<ProjectFields>, now: Date): E.Either<ValidationFailed, Project> => {
  const given = definedOnly(changes);
  return E.map((name: string) => ({ ...project, ...given, name, updatedAt: now }))(validateName('name', given.name ?? project.name));
};
