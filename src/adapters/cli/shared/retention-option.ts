import { Option } from 'clipanion';
import * as E from 'fp-ts/lib/Either.js';
import { parseRetention } from '../../../domain/retention.js';
import { usageError } from './cli-failure.js';

const RETENTION_HELP = 'How long finished jobs stay: keep (forever), a period (30d, 12h, 90m, 3600s) or remove_on_complete';

export const retentionOption = (extra = '') => Option.String('--retention', { description: `${RETENTION_HELP}${extra}` });

/** `--retention` as the server takes it, checked here so that a typo fails before any request. */
export const retentionFlag = (text: string): string => {
  const parsed = parseRetention('--retention', text);
  if (E.isLeft(parsed)) throw usageError(parsed.left.message);
  return text;
};

/** A task's `--retention`: also `project`, to follow the project's again (null on the wire). */
export const taskRetentionFlag = (text: string): string | null => (text === 'project' ? null : retentionFlag(text));
