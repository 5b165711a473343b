import * as E from 'fp-ts/lib/Either.js';
import type { ValidationFailed } from '../../domain/errors.js';
import { register, type WorkerIdentity, type WorkerRegistration } from '../../domain/worker.js';
import { inject, injectable } from '../injection.js';
import { Clock } from '../ports/clock.port.js';
import { Store } from '../ports/store.port.js';

/** Registers a worker; registering a known id again refreshes it and makes it active. */
@injectable()
export class RegisterWorker {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  execute(identity: WorkerIdentity): Promise<E.Either<ValidationFailed, WorkerRegistration>> {
    return this.store.transaction<ValidationFailed, WorkerRegistration>(async (tx) => {
      const registration = register(identity, await tx.workers.get(identity.id), this.clock.now());
      if (E.isRight(registration)) await tx.workers.save(registration.right);
      return registration;
    });
  }
}
