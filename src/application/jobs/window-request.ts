import * as E from 'fp-ts/lib/Either.js';
import { validationFailed, type ValidationFailed } from '../../domain/errors.js';
import type { TimeWindow } from '../../domain/time-window.js';
import type { StoreTransaction } from '../ports/store.port.js';

/** A window as asked for: either end may be left out. */
export interface WindowRequest {
  readonly since: Date | null;
  readonly until: Date | null;
}

/** Without `since`, a window of this length ending at `until`. */
export const DEFAULT_WINDOW_MS = 3_600_000;

/** `until` defaults to now, `since` to an hour before `until`; `since` must come first, and the window be at most `maxMs` long. */
export const resolveWindow = (request: WindowRequest, now: Date, maxMs: number): E.Either<ValidationFailed, TimeWindow> => {
  const until = request.until ?? now;
  const since = request.since ?? new Date(until.getTime() - DEFAULT_WINDOW_MS);
  if (since.getTime() >= until.getTime()) return E.left(validationFailed('since', `since (${since.toISOString()}) must be before until (${until.toISOString()})`));
  if (until.getTime() - since.getTime() > maxMs) return E.left(validationFailed('since', `the window may span at most ${maxMs / 3_600_000} hours`));
  return E.right({ since, until });
};

/** Task names by id, for the tasks named in an answer. */
export const taskNames = async (tx: StoreTransaction, taskIds: Iterable<number>): Promise<ReadonlyMap<number, string>> =>
  new Map((await tx.tasks.getMany([...new Set(taskIds)])).map((task) => [task.id, task.name]));
