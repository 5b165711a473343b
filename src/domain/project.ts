import * as E from 'fp-ts/lib/Either.js';
import type { ValidationFailed } from './errors.js';
import { definedOnly } from './changes.js';
import { validateName } from './names.js';

export const PROJECT_STATUSES = ['ACTIVE', 'ARCHIVED'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export interface ProjectFields {
  readonly name: string;
  readonly description: string;
  readonly status: ProjectStatus;
}

export interface Project extends ProjectFields {
  readonly id: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewProject extends ProjectFields {
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export const newProject = (fields: ProjectFields, now: Date): E.Either<ValidationFailed, NewProject> =>
  E.map((name: string) => ({ ...fields, name, createdAt: now, updatedAt: now }))(validateName('name', fields.name));

export const reviseProject = (project: Project, changes: Partial<ProjectFields>, now: Date): E.Either<ValidationFailed, Project> => {
  const given = definedOnly(changes);
  return E.map((name: string) => ({ ...project, ...given, name, updatedAt: now }))(validateName('name', given.name ?? project.name));
};
