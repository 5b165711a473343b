import type * as E from 'fp-ts/lib/Either.js';
import type { WorkerNotFound } from '../../domain/errors.js';
import type { WorkerRegistration } from '../../domain/worker.js';
import { inject, injectable } from '../injection.js';
import { findWorker } from '../lookups.js';
import { Store } from '../ports/store.port.js';

@injectable()
export class GetWorker {
  constructor(@inject(Store) private readonly store: Store) {}

  execute(id: string): Promise<E.Either<WorkerNotFound, WorkerRegistration>> {
    return this.store.transaction((tx) => findWorker(tx, id));
  }
}
