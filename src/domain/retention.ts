import * as E from 'fp-ts/lib/Either.js';
import { validationFailed, type ValidationFailed } from './errors.js';
import type { JobStatus } from './job-status.js';

/**
 * How long a project, or one of its tasks, keeps its finished jobs:
 *
 * - `KeepForever` (the default): every run stays, which is what experiments are for.
 * - `KeepFor`: finished jobs (COMPLETED, FAILED, CANCELLED) go once `seconds` have passed since
 *   they finished, unless a BLOCKED job still waits for them to be retried.
 * - `RemoveOnComplete`: a job is deleted the moment it completes, as graphile-worker does; failed
 *   and cancelled jobs stay for a person to look at.
 */
export type Retention =
  | { readonly _tag: 'KeepForever' }
  | { readonly _tag: 'KeepFor'; readonly seconds: number }
  | { readonly _tag: 'RemoveOnComplete' };

export const KEEP_FOREVER: Retention = { _tag: 'KeepForever' };
export const REMOVE_ON_COMPLETE: Retention = { _tag: 'RemoveOnComplete' };
export const keepFor = (seconds: number): Retention => ({ _tag: 'KeepFor', seconds });

/** The statuses a retention period sweeps: a run that ended and will not move again by itself. */
export const SWEPT_STATUSES: readonly JobStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

/** A task without a retention of its own (null) follows its project's. */
export const effectiveRetention = (project: Retention, task: Retention | null): Retention => task ?? project;

const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
type Unit = keyof typeof UNIT_SECONDS;
const DURATION = /^([1-9][0-9]*)([dhms])$/;

/** The longest period that is still a sensible "keep for": about 100 years. */
const MAX_SECONDS = 100 * 365 * 86_400;

/** Written form: `keep`, `remove_on_complete`, or a period of whole days, hours, minutes or seconds (`30d`, `12h`, `90m`, `3600s`). */
export const parseRetention = (field: string, text: string): E.Either<ValidationFailed, Retention> => {
  if (text === 'keep') return E.right(KEEP_FOREVER);
  if (text === 'remove_on_complete') return E.right(REMOVE_ON_COMPLETE);
  const period = DURATION.exec(text);
  const seconds = period === null ? Number.NaN : Number(period[1]) * UNIT_SECONDS[period[2] as Unit];
  if (!(seconds <= MAX_SECONDS)) {
    return E.left(
      validationFailed(field, `${field} must be 'keep', 'remove_on_complete' or a period such as '30d', '12h', '90m', '3600s' (at most 100 years), got '${text}'`),
    );
  }
  return E.right(keepFor(seconds));
};

/** The written form, a period in the largest unit that states it exactly. */
export const formatRetention = (retention: Retention): string => {
  switch (retention._tag) {
    case 'KeepForever':
      return 'keep';
    case 'RemoveOnComplete':
      return 'remove_on_complete';
    case 'KeepFor': {
      const unit = (Object.keys(UNIT_SECONDS) as Unit[]).find((candidate) => retention.seconds % UNIT_SECONDS[candidate] === 0)!;
      return `${retention.seconds / UNIT_SECONDS[unit]}${unit}`;
    }
  }
};
