import { KEEP_FOREVER, keepFor, REMOVE_ON_COMPLETE, type Retention } from '../../../domain/retention.js';
import { toNullableNumber } from './sql-values.js';

/** What the `retention` column holds. */
export const RETENTION_KINDS = ['keep', 'keep_for', 'remove_on_complete'] as const;

/** A retention as the `retention` and `retention_seconds` columns of projects and tasks store it (migration 0005). */
export interface RetentionColumns {
  retention: string | null;
  retentionSeconds: number | null;
}

export const retentionToColumns = (retention: Retention | null): RetentionColumns => {
  if (retention === null) return { retention: null, retentionSeconds: null };
  switch (retention._tag) {
    case 'KeepForever':
      return { retention: 'keep', retentionSeconds: null };
    case 'KeepFor':
      return { retention: 'keep_for', retentionSeconds: retention.seconds };
    case 'RemoveOnComplete':
      return { retention: 'remove_on_complete', retentionSeconds: null };
  }
};

/** The columns' retention; null where a task follows its project. */
export const retentionFromColumns = (retention: unknown, seconds: unknown): Retention | null => {
  switch (retention) {
    case null:
      return null;
    case 'keep':
      return KEEP_FOREVER;
    case 'keep_for':
      return keepFor(toNullableNumber(seconds)!);
    case 'remove_on_complete':
      return REMOVE_ON_COMPLETE;
    default:
      throw new Error(`unknown retention '${String(retention)}' in the database`);
  }
};
