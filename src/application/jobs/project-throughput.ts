import * as E from 'fp-ts/lib/Either.js';
import type { ProjectNotFound, ValidationFailed } from '../../domain/errors.js';
import { minutesOf, type TimeWindow } from '../../domain/time-window.js';
import { inject, injectable } from '../injection.js';
import { findProject } from '../lookups.js';
import { Clock } from '../ports/clock.port.js';
import type { FinishedInMinute, TaskRunTimes } from '../ports/job-store.port.js';
import { Store } from '../ports/store.port.js';
import { resolveWindow, taskNames, type WindowRequest } from './window-request.js';

/** The longest window of figures: a day, 1,440 minutes. */
export const MAX_THROUGHPUT_WINDOW_MS = 86_400_000;

export interface ThroughputReport {
  readonly projectId: number;
  readonly window: TimeWindow;
  /** Every minute overlapping the window, oldest first, zeros included. */
  readonly minutes: readonly FinishedInMinute[];
  /** By task id. */
  readonly tasks: readonly (TaskRunTimes & { readonly taskName: string })[];
}

export interface ThroughputRequest extends WindowRequest {
  readonly projectId: number;
}

/** Jobs finished per minute and run times per task in a window, from the jobs that finished in it only. */
@injectable()
export class ProjectThroughput {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  execute(request: ThroughputRequest): Promise<E.Either<ProjectNotFound | ValidationFailed, ThroughputReport>> {
    return this.store.transaction<ProjectNotFound | ValidationFailed, ThroughputReport>(async (tx) => {
      const window = resolveWindow(request, this.clock.now(), MAX_THROUGHPUT_WINDOW_MS);
      if (E.isLeft(window)) return window;
      const project = await findProject(tx, request.projectId);
      if (E.isLeft(project)) return project;
      const figures = await tx.jobs.finishedInWindow(request.projectId, window.right);
      const counted = new Map(figures.minutes.map((minute) => [minute.minute.getTime(), minute]));
      const names = await taskNames(tx, figures.tasks.map((task) => task.taskId));
      return E.right({
        projectId: request.projectId,
        window: window.right,
        minutes: minutesOf(window.right).map((minute) => counted.get(minute.getTime()) ?? { minute, completed: 0, failed: 0 }),
        tasks: figures.tasks.map((task) => ({ ...task, taskName: names.get(task.taskId) ?? String(task.taskId) })),
      });
    });
  }
}
