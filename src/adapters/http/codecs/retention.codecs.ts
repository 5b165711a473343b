import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { formatRetention, parseRetention, type Retention } from '../../../domain/retention.js';

/** A retention in its written form (`keep`, `remove_on_complete`, `30d`, `12h`, `90m`, `3600s`; domain/retention.ts). */
export const RetentionText = new t.Type<Retention, string, unknown>(
  'Retention',
  (u): u is Retention => typeof u === 'object' && u !== null && '_tag' in u,
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, `retention must be a string such as 'keep', 'remove_on_complete' or '30d', got ${JSON.stringify(u)}`);
    const parsed = parseRetention('retention', u);
    return E.isLeft(parsed) ? t.failure(u, c, parsed.left.message) : t.success(parsed.right);
  },
  formatRetention,
);
