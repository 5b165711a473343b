import type * as E from 'fp-ts/lib/Either.js';
import type { ProjectNotFound } from '../../domain/errors.js';
import type { Project } from '../../domain/project.js';
import { inject, injectable } from '../injection.js';
import { findProject, findProjectByName } from '../lookups.js';
import { Store } from '../ports/store.port.js';

@injectable()
export class GetProject {
  constructor(@inject(Store) private readonly store: Store) {}

  byId(id: number): Promise<E.Either<ProjectNotFound, Project>> {
    return this.store.transaction((tx) => findProject(tx, id));
  }

  byName(name: string): Promise<E.Either<ProjectNotFound, Project>> {
    return this.store.transaction((tx) => findProjectByName(tx, name));
  }
}
