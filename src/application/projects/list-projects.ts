import * as E from 'fp-ts/lib/Either.js';
import type { ValidationFailed } from '../../domain/errors.js';
import type { Project, ProjectStatus } from '../../domain/project.js';
import { inject, injectable } from '../injection.js';
import { validatePage } from '../paging.js';
import type { Page } from '../ports/project-store.port.js';
import { Store } from '../ports/store.port.js';

@injectable()
export class ListProjects {
  constructor(@inject(Store) private readonly store: Store) {}

  /** `status` null lists every project. */
  execute(status: ProjectStatus | null, page: Page): Promise<E.Either<ValidationFailed, Project[]>> {
    return this.store.transaction(async (tx) => {
      const valid = validatePage(page);
      return E.isLeft(valid) ? valid : E.right(await tx.projects.list(status, valid.right));
    });
  }
}
