import * as E from 'fp-ts/lib/Either.js';
import type { ProjectNotFound, ValidationFailed } from '../../domain/errors.js';
import { newestFirst, overlaps, runsOf, type Run } from '../../domain/run.js';
import type { TimeWindow } from '../../domain/time-window.js';
import { inject, injectable } from '../injection.js';
import { findProject } from '../lookups.js';
import { Clock } from '../ports/clock.port.js';
import { Store } from '../ports/store.port.js';
import { resolveWindow, taskNames, type WindowRequest } from './window-request.js';

/** The most runs one answer holds (and the default). */
export const MAX_RUNS = 5_000;
/** The longest window of runs: a week. */
export const MAX_RUNS_WINDOW_MS = 7 * 86_400_000;

export interface ProjectRun extends Run {
  readonly name: string;
  readonly taskId: number;
  readonly taskName: string;
}

export interface RunsReport {
  readonly projectId: number;
  readonly window: TimeWindow;
  /** Newest first. */
  readonly runs: readonly ProjectRun[];
  /** More runs may overlap the window: these are those of the jobs that changed last. */
  readonly capped: boolean;
}

export interface RunsRequest extends WindowRequest {
  readonly projectId: number;
  readonly limit: number;
}

/**
 * The runs (one per attempt) that held a job of the project at some time in the window, read from
 * the status histories of the jobs that changed in it (at most `limit`), never the whole project.
 */
@injectable()
export class ProjectRuns {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  execute(request: RunsRequest): Promise<E.Either<ProjectNotFound | ValidationFailed, RunsReport>> {
    return this.store.transaction<ProjectNotFound | ValidationFailed, RunsReport>(async (tx) => {
      const window = resolveWindow(request, this.clock.now(), MAX_RUNS_WINDOW_MS);
      if (E.isLeft(window)) return window;
      const project = await findProject(tx, request.projectId);
      if (E.isLeft(project)) return project;
      const read = await tx.jobs.activeInWindow(request.projectId, window.right, request.limit + 1);
      const active = read.slice(0, request.limit);
      const runs = active
        .flatMap((job) => runsOf(job).map((run) => ({ run, job })))
        .filter(({ run }) => overlaps(run, window.right))
        .sort((a, b) => newestFirst(a.run, b.run));
      const names = await taskNames(tx, active.map((job) => job.taskId));
      return E.right({
        projectId: request.projectId,
        window: window.right,
        runs: runs.slice(0, request.limit).map(({ run, job }) => ({ ...run, name: job.name, taskId: job.taskId, taskName: names.get(job.taskId) ?? String(job.taskId) })),
        capped: read.length > request.limit || runs.length > request.limit,
      });
    });
  }
}
