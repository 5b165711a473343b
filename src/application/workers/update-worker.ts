import * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import type { Requirements } from '../../domain/resources.js';
import { validateResources, type WorkerRegistration } from '../../domain/worker.js';
import { inject, injectable } from '../injection.js';
import { findWorker } from '../lookups.js';
import { Store } from '../ports/store.port.js';

export interface WorkerChanges {
  readonly resources?: Partial<Requirements>;
  readonly active?: boolean;
}

/** Changes what a worker offers, or whether it is active. */
@injectable()
export class UpdateWorker {
  constructor(@inject(Store) private readonly store: Store) {}

  execute(id: string, changes: WorkerChanges): Promise<E.Either<DomainError, WorkerRegistration>> {
    return this.store.transaction<DomainError, WorkerRegistration>(async (tx) => {
      const worker = await findWorker(tx, id);
      if (E.isLeft(worker)) return worker;
      const resources = validateResources({ ...worker.right.resources, ...changes.resources });
      if (E.isLeft(resources)) return resources;
      const updated = { ...worker.right, resources: resources.right, active: changes.active ?? worker.right.active };
      await tx.workers.save(updated);
      return E.right(updated);
    });
  }

  deactivate(id: string): Promise<E.Either<DomainError, WorkerRegistration>> {
    return this.execute(id, { active: false });
  }
}
