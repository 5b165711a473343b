import * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { reviseProject, type Project, type ProjectFields } from '../../domain/project.js';
import { inject, injectable } from '../injection.js';
import { findProject } from '../lookups.js';
import { Clock } from '../ports/clock.port.js';
import { Store } from '../ports/store.port.js';

@injectable()
export class UpdateProject {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  execute(id: number, changes: Partial<ProjectFields>): Promise<E.Either<DomainError, Project>> {
    return this.store.transaction<DomainError, Project>(async (tx) => {
      const project = await findProject(tx, id);
      if (E.isLeft(project)) return project;
      const revised = reviseProject(project.right, changes, this.clock.now());
      return E.isLeft(revised) ? revised : tx.projects.update(revised.right);
    });
  }

  archive(id: number): Promise<E.Either<DomainError, Project>> {
    return this.execute(id, { status: 'ARCHIVED' });
  }
}
