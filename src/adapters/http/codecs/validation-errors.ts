import type * as t from 'io-ts';

/** One entry of a 422 body, in FastAPI's shape so existing clients understand it. */
export interface ValidationIssue {
  readonly loc: readonly (string | number)[];
  readonly msg: string;
  readonly type: string;
}

const STRUCTURAL = new Set(['InterfaceType', 'PartialType', 'ExactType', 'StrictType', 'ArrayType', 'ReadonlyArrayType', 'DictionaryType', 'ReadonlyType']);

const tagOf = (type: t.Decoder<unknown, unknown>): string => ('_tag' in type && typeof type._tag === 'string' ? type._tag : '');

/** io-ts errors as FastAPI-style issues: `loc` names the source and the field path. */
export const toIssues = (source: 'path' | 'query' | 'body', errors: t.Errors): ValidationIssue[] => {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const error of errors) {
    const loc: (string | number)[] = [source];
    error.context.forEach((entry, i) => {
      const parent = error.context[i - 1];
      if (i > 0 && parent && STRUCTURAL.has(tagOf(parent.type))) loc.push(/^\d+$/.test(entry.key) ? Number(entry.key) : entry.key);
    });
    const expected = error.context[error.context.length - 1]?.type.name ?? 'value';
    const missing = error.value === undefined;
    const issue: ValidationIssue = {
      loc,
      msg: missing ? 'Field required' : (error.message ?? `Expected ${expected}, got ${JSON.stringify(error.value)}`),
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
