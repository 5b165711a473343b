import * as E from 'fp-ts/lib/Either.js';

/**
 * A revision as alembic's commands take it: `head` (the newest migration), `base` (before the first),
 * `+N` / `-N` (relative to the newest applied one), or a migration's name (or a prefix of exactly one,
 * e.g. its number `0001`). It resolves to a migration's name, or null for `base`.
 */
export type RevisionError =
  | { readonly _tag: 'UnknownRevision'; readonly revision: string; readonly known: readonly string[] }
  | { readonly _tag: 'AmbiguousRevision'; readonly revision: string; readonly matches: readonly string[] }
  | { readonly _tag: 'RevisionOutOfRange'; readonly revision: string; readonly current: string | null; readonly known: readonly string[] };

const RELATIVE = /^([+-])(\d+)$/;

/** The newest applied migration of `known`, or null when none is applied. */
export const currentRevision = (known: readonly string[], executed: readonly string[]): string | null =>
  [...known].reverse().find((name) => executed.includes(name)) ?? null;

export const resolveRevision = (revision: string, known: readonly string[], executed: readonly string[]): E.Either<RevisionError, string | null> => {
  const text = revision.trim();
  if (text === 'base') return E.right(null);
  if (text === 'head') return E.right(known[known.length - 1] ?? null);
  const relative = RELATIVE.exec(text);
  if (relative !== null) {
    const current = currentRevision(known, executed);
    const index = (current === null ? -1 : known.indexOf(current)) + (relative[1] === '-' ? -1 : 1) * Number(relative[2]);
    if (index < -1 || index >= known.length) return E.left({ _tag: 'RevisionOutOfRange', revision: text, current, known });
    return E.right(index === -1 ? null : known[index]!);
  }
  if (known.includes(text)) return E.right(text);
  const matches = text === '' ? [] : known.filter((name) => name.startsWith(text));
  if (matches.length === 1) return E.right(matches[0]!);
  if (matches.length > 1) return E.left({ _tag: 'AmbiguousRevision', revision: text, matches });
  return E.left({ _tag: 'UnknownRevision', revision: text, known });
};

/** One line naming the problem, and the revisions there are. */
export const revisionErrorText = (error: RevisionError): string => {
  switch (error._tag) {
    case 'UnknownRevision':
      return `unknown revision '${error.revision}': use head, base, +N, -N or one of ${error.known.join(', ')}`;
    case 'AmbiguousRevision':
      return `revision '${error.revision}' matches ${error.matches.join(', ')}: give more of the name`;
    case 'RevisionOutOfRange':
      return `revision '${error.revision}' is out of range: the database is at ${error.current ?? 'base'}, and there are ${error.known.length} migrations (${error.known.join(', ')})`;
  }
};
