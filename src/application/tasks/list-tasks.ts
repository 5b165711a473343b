import * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import type { Task } from '../../domain/task.js';
import { inject, injectable } from '../injection.js';
import { findProject } from '../lookups.js';
import { validatePage } from '../paging.js';
import type { Page } from '../ports/project-store.port.js';
import { Store } from '../ports/store.port.js';

@injectable()
export class ListTasks {
  constructor(@inject(Store) private readonly store: Store) {}

  execute(projectId: number, page: Page): Promise<E.Either<DomainError, Task[]>> {
    return this.store.transaction<DomainError, Task[]>(async (tx) => {
      const valid = validatePage(page);
      if (E.isLeft(valid)) return valid;
      const project = await findProject(tx, projectId);
      return E.isLeft(project) ? project : E.right(await tx.tasks.list(projectId, valid.right));
    });
  }
}
