import { inject, injectable } from '../injection.js';
import { Store } from '../ports/store.port.js';
import * as E from 'fp-ts/lib/Either.js';

/** Names of jobs by id, for showing dependencies (`{"<id>": "<name>"}`). */
@injectable()
export class JobNames {
  constructor(@inject(Store) private readonly store: Store) {}

  async execute(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const jobs = await this.store.transaction<never, Map<number, string>>(async (tx) =>
      E.right(new Map((await tx.jobs.getMany([...new Set(ids)])).map((job) => [job.id, job.name]))),
    );
    return E.isRight(jobs) ? jobs.right : new Map();
  }
}
