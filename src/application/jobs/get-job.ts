import type * as E from 'fp-ts/lib/Either.js';
import type { JobNotFound } from '../../domain/errors.js';
import type { Job } from '../../domain/job.js';
import { inject, injectable } from '../injection.js';
import { findJob } from '../lookups.js';
import { Store } from '../ports/store.port.js';

@injectable()
export class GetJob {
  constructor(@inject(Store) private readonly store: Store) {}

  execute(id: number): Promise<E.Either<JobNotFound, Job>> {
    return this.store.transaction((tx) => findJob(tx, id));
  }
}
