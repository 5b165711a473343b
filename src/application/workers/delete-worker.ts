import * as E from 'fp-ts/lib/Either.js';
import type { WorkerNotFound } from '../../domain/errors.js';
import { inject, injectable } from '../injection.js';
import { findWorker } from '../lookups.js';
import { Store } from '../ports/store.port.js';

/** Forgets a worker. Jobs it still holds keep their leases, which expire if nobody renews them. */
@injectable()
export class DeleteWorker {
  constructor(@inject(Store) private readonly store: Store) {}

  execute(id: string): Promise<E.Either<WorkerNotFound, void>> {
    return this.store.transaction<WorkerNotFound, void>(async (tx) => {
      const worker = await findWorker(tx, id);
      if (E.isLeft(worker)) return worker;
      await tx.workers.delete(id);
      return E.right(undefined);
    });
  }
}
