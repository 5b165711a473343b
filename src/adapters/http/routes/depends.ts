import * as E from 'fp-ts/lib/Either.js';
import { validationFailed, type ValidationFailed } from '../../../domain/errors.js';
import { isIdInRange } from '../codecs/primitives.codecs.js';

const ID = /^\d+$/;

/** The job ids named by the keys of a `depends` object; each key must be a job id. */
export const dependencyIds = (depends: Readonly<Record<string, unknown>> | null | undefined, field = 'depends'): E.Either<ValidationFailed, number[]> => {
  const ids: number[] = [];
  for (const key of Object.keys(depends ?? {})) {
    if (!ID.test(key) || !isIdInRange(Number(key))) {
      return E.left(validationFailed(field, `${field} key '${key}' is not a job id (expected {"<job id>": "<job name>"})`));
    }
    ids.push(Number(key));
  }
  return E.right(ids);
};
