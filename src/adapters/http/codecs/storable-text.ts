import type { ValidationIssue } from './validation-errors.js';

/**
 * Strings that a store cannot keep as sent: PostgreSQL text refuses the NUL character, and a
 * lone UTF-16 surrogate (`\ud800` in JSON) is no Unicode character, so it would come back
 * changed. Both are refused at the edge with the field named, on every store alike.
 */
const NUL = /\u0000/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Fields kept as exact JSON texts (escapes and all), where any string is storable. */
const EXACT_JSON_FIELDS = new Set(['parameters', 'depends']);

/** Either problem's characters: one test clears the common text (the lone-surrogate test looks around). */
const SUSPECT = /[\u0000\ud800-\udfff]/;

const problemOf = (text: string): string | null => {
  if (!SUSPECT.test(text)) return null;
  if (NUL.test(text)) return 'must not contain the NUL character (\\u0000): it cannot be stored';
  if (LONE_SURROGATE.test(text)) return 'must not contain a lone UTF-16 surrogate (\\ud800-\\udfff): it is not Unicode text';
  return null;
};

const collect = (value: unknown, loc: readonly (string | number)[], issues: ValidationIssue[]): void => {
  if (typeof value === 'string') {
    const problem = problemOf(value);
    if (problem !== null) issues.push({ loc, msg: `${String(loc[loc.length - 1])} ${problem}`, type: 'value_error' });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => collect(item, [...loc, index], issues));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (EXACT_JSON_FIELDS.has(key)) continue;
      const problem = problemOf(key);
      if (problem !== null) issues.push({ loc: [...loc, key], msg: `the key ${problem}`, type: 'value_error' });
      collect(inner, [...loc, key], issues);
    }
  }
};

/** The strings of a decoded path, query or body that cannot be stored verbatim, as 422 issues. */
export const unstorableText = (source: 'path' | 'query' | 'body', value: unknown): ValidationIssue[] => {
  const issues: ValidationIssue[] = [];
  collect(value, [source], issues);
  return issues;
};
