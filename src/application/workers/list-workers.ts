import * as E from 'fp-ts/lib/Either.js';
import type { ValidationFailed } from '../../domain/errors.js';
import type { WorkerRegistration } from '../../domain/worker.js';
import { inject, injectable } from '../injection.js';
import { validatePage } from '../paging.js';
import type { Page } from '../ports/project-store.port.js';
import { Store } from '../ports/store.port.js';

@injectable()
export class ListWorkers {
  constructor(@inject(Store) private readonly store: Store) {}

  execute(activeOnly: boolean, page: Page): Promise<E.Either<ValidationFailed, WorkerRegistration[]>> {
    return this.store.transaction<ValidationFailed, WorkerRegistration[]>(async (tx) => {
      const valid = validatePage(page);
      return E.isLeft(valid) ? valid : E.right(await tx.workers.list(activeOnly, valid.right));
    });
  }
}
