import * as E from 'fp-ts/lib/Either.js';
import { validationFailed, type ValidationFailed } from './errors.js';

export const MAX_NAME_LENGTH = 255;

/** Names identify projects, tasks and jobs to people: non-blank, bounded, no control characters. */
export const validateName = (field: string, value: string): E.Either<ValidationFailed, string> => {
  if (value.trim().length === 0) return E.left(validationFailed(field, `${field} must not be empty`));
  if (value.length > MAX_NAME_LENGTH) return E.left(validationFailed(field, `${field} is longer than ${MAX_NAME_LENGTH} characters`));
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return E.left(validationFailed(field, `${field} must not contain control characters`));
  return E.right(value);
};

export const validateCount = (field: string, value: number, minimum = 0): E.Either<ValidationFailed, number> =>
  Number.isSafeInteger(value) && value >= minimum
    ? E.right(value)
    : E.left(validationFailed(field, `${field} must be an integer >= ${minimum}, got ${value}`));
