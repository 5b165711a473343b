import * as E from 'fp-ts/lib/Either.js';
import { validationFailed, type ValidationFailed } from '../../domain/errors.js';
import { compactText, nodeAt, parseExact } from './exact-json.js';

/**
 * The exact JSON texts of values inside a request body (job parameters), compact but with key
 * order and number literals as sent. Parses the raw body once.
 */
export class ExactBody {
  private readonly tree;

  constructor(private readonly raw: string) {
    this.tree = raw.trim() === '' ? null : parseExact(raw);
  }

  /** The text at `path`, `fallback` when absent; Left when the body is not strict JSON. */
  textAt(path: readonly (string | number)[], fallback: string): E.Either<ValidationFailed, string> {
    if (this.tree === null) return this.raw.trim() === '' ? E.right(fallback) : E.left(validationFailed(path.join('.'), 'the body is not valid JSON'));
    const node = nodeAt(this.tree, path);
    return E.right(node === undefined ? fallback : compactText(node, this.raw));
  }

  has(path: readonly (string | number)[]): boolean {
    return this.tree !== null && nodeAt(this.tree, path) !== undefined;
  }
}
