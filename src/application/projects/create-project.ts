import * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { newProject, type Project, type ProjectFields } from '../../domain/project.js';
import { inject, injectable } from '../injection.js';
import { Clock } from '../ports/clock.port.js';
import { Store } from '../ports/store.port.js';

@injectable()
export class CreateProject {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  execute(fields: ProjectFields): Promise<E.Either<DomainError, Project>> {
    return this.store.transaction<DomainError, Project>(async (tx) => {
      const project = newProject(fields, this.clock.now());
      return E.isLeft(project) ? project : tx.projects.insert(project.right);
    });
  }
}
