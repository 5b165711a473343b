import * as E from 'fp-ts/lib/Either.js';
import { validationFailed, type ValidationFailed } from './errors.js';

/**
 * Parameters travel as JSON text so that key order, `1.0` and integers beyond 2^53 survive; they
 * must be the text of a JSON object. (Parsing here only checks the shape; the text is kept.)
 */
export const validateParameters = (field: string, text: string): E.Either<ValidationFailed, string> => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return E.left(validationFailed(field, `${field} is not valid JSON`));
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? E.right(text)
    : E.left(validationFailed(field, `${field} must be a JSON object`));
};
