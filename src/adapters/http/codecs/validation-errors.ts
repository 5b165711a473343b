import type * as t from 'io-ts';

/** One entry of a 422 body, in FastAPI's shape so existing clients understand it. */
export interface ValidationIssue {
  readonly loc: readonly (string | number)[];
  readonly msg: string;
  readonly type: string;
}

/** Codecs whose context entries are field names or indices (intersection and union members are not). */
const STRUCTURAL = new Set(['InterfaceType', 'PartialType', 'StrictType', 'ArrayType', 'ReadonlyArrayType', 'DictionaryType']);
/** Wrappers that validate through their inner codec without adding a context entry. */
const TRANSPARENT = new Set(['ExactType', 'ReadonlyType', 'RefinementType']);

/** Longest echo of a rejected value in a message: a multi-megabyte value is not sent back. */
const MAX_ECHO = 200;

/** The rejected value as a short JSON text; never throws (a deeply nested value overflows JSON.stringify). */
const echo = (value: unknown): string => {
  // JSON has no Infinity: 1e400 parses to it and is shown as such, not as null.
  if (typeof value === 'number') return String(value);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = Array.isArray(value) ? 'an array' : typeof value;
  }
  if (text === undefined) return String(value);
  return text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text;
};

const tagOf = (type: t.Decoder<unknown, unknown>): string => ('_tag' in type && typeof type._tag === 'string' ? type._tag : '');

/** The codec that actually validated the children of a context entry. */
const validatorOf = (type: t.Decoder<unknown, unknown>): t.Decoder<unknown, unknown> => {
  let inner = type;
  while (TRANSPARENT.has(tagOf(inner)) && 'type' in inner) inner = inner.type as t.Decoder<unknown, unknown>;
  return inner;
};

/** io-ts errors as FastAPI-style issues: `loc` names the source and the field path. */
export const toIssues = (source: 'path' | 'query' | 'body', errors: t.Errors): ValidationIssue[] => {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const error of errors) {
    const loc: (string | number)[] = [source];
    error.context.forEach((entry, i) => {
      const parent = error.context[i - 1];
      if (i > 0 && parent && STRUCTURAL.has(tagOf(validatorOf(parent.type)))) loc.push(/^\d+$/.test(entry.key) ? Number(entry.key) : entry.key);
    });
    const expected = error.context[error.context.length - 1]?.type.name ?? 'value';
    const missing = error.value === undefined;
    const issue: ValidationIssue = {
      loc,
      msg: missing ? 'Field required' : (error.message ?? `Expected ${expected}, got ${echo(error.value)}`),
      type: missing ? 'missing' : 'type_error',
    };
    const key = JSON.stringify(issue.loc);
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
};
