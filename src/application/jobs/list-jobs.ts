import * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import type { Job } from '../../domain/job.js';
import { inject, injectable } from '../injection.js';
import { findProject } from '../lookups.js';
import { validatePage } from '../paging.js';
import type { JobFilter } from '../ports/job-store.port.js';
import { Store } from '../ports/store.port.js';

@injectable()
export class ListJobs {
  constructor(@inject(Store) private readonly store: Store) {}

  /** Ordered by id. An unknown project is an error, not an empty list. */
  execute(filter: JobFilter): Promise<E.Either<DomainError, Job[]>> {
    return this.store.transaction<DomainError, Job[]>(async (tx) => {
      const page = validatePage(filter);
      if (E.isLeft(page)) return page;
      if (filter.projectId !== null) {
        const project = await findProject(tx, filter.projectId);
        if (E.isLeft(project)) return project;
      }
      return E.right(await tx.jobs.list(filter));
    });
  }
}
