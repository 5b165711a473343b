import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { currentRevision, resolveRevision, revisionErrorText } from '../../../src/adapters/cli/shared/migration-revision.js';

const KNOWN = ['20260101000000_a', '20260102000000_b', '20260103000000_c'];

test('head, base, names and unique prefixes', (t) => {
  t.deepEqual(resolveRevision('head', KNOWN, []), E.right('20260103000000_c'));
  t.deepEqual(resolveRevision('base', KNOWN, KNOWN), E.right(null));
  t.deepEqual(resolveRevision('20260102000000_b', KNOWN, []), E.right('20260102000000_b'));
  t.deepEqual(resolveRevision('20260102', KNOWN, []), E.right('20260102000000_b'));
  t.deepEqual(resolveRevision('head', [], []), E.right(null));
});

test('+N and -N count from the newest applied migration', (t) => {
  t.is(currentRevision(KNOWN, KNOWN.slice(0, 2)), '20260102000000_b');
  t.is(currentRevision(KNOWN, []), null);
  t.deepEqual(resolveRevision('-1', KNOWN, KNOWN.slice(0, 2)), E.right('20260101000000_a'));
  t.deepEqual(resolveRevision('-2', KNOWN, KNOWN.slice(0, 2)), E.right(null));
  t.deepEqual(resolveRevision('+1', KNOWN, KNOWN.slice(0, 2)), E.right('20260103000000_c'));
  t.deepEqual(resolveRevision('+2', KNOWN, []), E.right('20260102000000_b'));
});

test('an unknown, ambiguous or out-of-range revision is a typed error naming it', (t) => {
  const unknown = resolveRevision('nope', KNOWN, []);
  t.like(unknown, { _tag: 'Left', left: { _tag: 'UnknownRevision', revision: 'nope' } });
  if (E.isLeft(unknown)) t.is(revisionErrorText(unknown.left), `unknown revision 'nope': use head, base, +N, -N or one of ${KNOWN.join(', ')}`);
  const ambiguous = resolveRevision('2026', KNOWN, []);
  t.like(ambiguous, { left: { _tag: 'AmbiguousRevision', matches: KNOWN } });
  const below = resolveRevision('-3', KNOWN, KNOWN.slice(0, 2));
  t.like(below, { left: { _tag: 'RevisionOutOfRange', current: '20260102000000_b' } });
  if (E.isLeft(below)) t.regex(revisionErrorText(below.left), /^revision '-3' is out of range: the database is at 20260102000000_b/);
  t.like(resolveRevision('+2', KNOWN, KNOWN.slice(0, 2)), { left: { _tag: 'RevisionOutOfRange' } });
  t.like(resolveRevision('', KNOWN, []), { left: { _tag: 'UnknownRevision' } });
});
