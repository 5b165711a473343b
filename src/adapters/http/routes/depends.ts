import * as E from 'fp-ts/lib/Either.js';
import { validationFailed, type ValidationFailed } from '../../../domain/errors.js';
import { isIdInRange } from '../codecs/primitives.codecs.js';

const ID = /^\d+$/;

/**
 * What the keys of a `depends` object (`{"<job id>": "<job name>"}`) name: an integer key is a
 * job id; any other key is a job's name (the original's docs key batches by name), resolved by
 * the use case. The values are only labels.
 */
export const dependencyKeys = (
  depends: Readonly<Record<string, unknown>> | null | undefined,
  field = 'depends',
): E.Either<ValidationFailed, (number | string)[]> => {
  const keys: (number | string)[] = [];
  for (const key of Object.keys(depends ?? {})) {
    if (!ID.test(key)) {
      keys.push(key);
      continue;
    }
    if (!isIdInRange(Number(key))) return E.left(validationFailed(field, `${field} key '${key}' is not a valid job id`));
    keys.push(Number(key));
  }
  return E.right(keys);
};

/** The same keys as the batch planner's references. */
export const dependencyRefs = (
  depends: Readonly<Record<string, unknown>> | null | undefined,
  field = 'depends',
): E.Either<ValidationFailed, ({ kind: 'job'; id: number } | { kind: 'name'; name: string })[]> =>
  E.map((keys: (number | string)[]) => keys.map((key) => (typeof key === 'number' ? { kind: 'job' as const, id: key } : { kind: 'name' as const, name: key })))(
    dependencyKeys(depends, field),
  );
