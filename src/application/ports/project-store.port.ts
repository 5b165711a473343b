import type * as E from 'fp-ts/lib/Either.js';
import type { NameTaken } from '../../domain/errors.js';
import type { NewProject, Project, ProjectStatus } from '../../domain/project.js';

export interface Page {
  readonly limit: number;
  readonly offset: number;
}

export interface ProjectStore {
  get(id: number): Promise<Project | null>;
  getByName(name: string): Promise<Project | null>;
  /** Ordered by id; `status` null lists every status. */
  list(status: ProjectStatus | null, page: Page): Promise<Project[]>;
  insert(project: NewProject): Promise<E.Either<NameTaken, Project>>;
  update(project: Project): Promise<E.Either<NameTaken, Project>>;
  /** Deletes the project with its tasks, jobs and their dependency edges. */
  delete(id: number): Promise<void>;
}
