import * as E from 'fp-ts/lib/Either.js';
import { validationFailed, type ValidationFailed } from '../../domain/errors.js';
import { compactText, parseExact } from './exact-json.js';
import { ANY_INDEX, valueSpans, type ValueSpan } from './json-spans.js';

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * The exact JSON texts of values inside a body (job parameters), compact but with key order and
 * number literals as sent. The body is checked once (JSON.parse is as strict as JSON); the values
 * are found by one scan per path shape (`['jobs', 3, 'parameters']` and its siblings share one)
 * without building a tree, and a value already compact is used as it stands.
 */
export class ExactBody {
  private readonly empty: boolean;
  private readonly valid: boolean;
  private readonly spansByShape = new Map<string, Map<string, ValueSpan>>();

  constructor(private readonly raw: string) {
    this.empty = raw.trim() === '';
    this.valid = !this.empty && isJson(raw);
  }

  /** The text at `path`, `fallback` when absent; Left when the body is not strict JSON. */
  textAt(path: readonly (string | number)[], fallback: string): E.Either<ValidationFailed, string> {
    if (!this.valid) return this.empty ? E.right(fallback) : E.left(validationFailed(path.join('.'), 'the body is not valid JSON'));
    const span = this.spanAt(path);
    if (span === undefined) return E.right(fallback);
    const text = this.raw.slice(span.start, span.end);
    return E.right(span.compact ? text : compactText(parseExact(text)!, text));
  }

  has(path: readonly (string | number)[]): boolean {
    return this.valid && this.spanAt(path) !== undefined;
  }

  private spanAt(path: readonly (string | number)[]): ValueSpan | undefined {
    const shape = path.map((segment) => (typeof segment === 'number' ? ANY_INDEX : segment));
    const key = JSON.stringify(shape);
    let spans = this.spansByShape.get(key);
    if (spans === undefined) {
      spans = valueSpans(this.raw, shape);
      this.spansByShape.set(key, spans);
    }
    return spans.get(path.join('/'));
  }
}
