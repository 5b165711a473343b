import * as E from 'fp-ts/lib/Either.js';
import type { ProjectNotFound } from '../../domain/errors.js';
import { inject, injectable } from '../injection.js';
import { findProject, findProjectByName } from '../lookups.js';
import { Store } from '../ports/store.port.js';

/** Deletes a project with its tasks and jobs. */
@injectable()
export class DeleteProject {
  constructor(@inject(Store) private readonly store: Store) {}

  byId(id: number): Promise<E.Either<ProjectNotFound, void>> {
    return this.store.transaction(async (tx) => {
      const project = await findProject(tx, id);
      if (E.isLeft(project)) return project;
      await tx.projects.delete(id);
      return E.right(undefined);
    });
  }

  /** Names are unique, so this is at most one project. */
  byName(name: string): Promise<E.Either<ProjectNotFound, void>> {
    return this.store.transaction(async (tx) => {
      const project = await findProjectByName(tx, name);
      if (E.isLeft(project)) return project;
      await tx.projects.delete(project.right.id);
      return E.right(undefined);
    });
  }
}
