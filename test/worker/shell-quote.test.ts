import { execFileSync } from 'node:child_process';
import test from 'ava';
import fc from 'fast-check';
import { shellCommand } from '../../src/adapters/worker/executors/command/shell-quote.js';

/** What /bin/sh makes of a command line: each word printed NUL-terminated by printf. */
const wordsSeenBySh = (words: readonly string[]): string[] => {
  // A first word, because printf with no argument at all still prints its format once.
  const out = execFileSync('/bin/sh', ['-c', shellCommand(['printf', '%s\\0', 'first', ...words])], { encoding: 'utf8' });
  return out.split('\0').slice(1, -1);
};

test('a quoted command line gives /bin/sh exactly the words it was made of (what SLURM batch scripts rely on)', (t) => {
  t.deepEqual(wordsSeenBySh(['plain', '', "it's", '$(rm -rf /)', '`id`', ';|&<>', '"*?[a]~', 'new\nline', 'ünï 😀', '\\', '-n']), [
    'plain',
    '',
    "it's",
    '$(rm -rf /)',
    '`id`',
    ';|&<>',
    '"*?[a]~',
    'new\nline',
    'ünï 😀',
    '\\',
    '-n',
  ]);
  // Any text an argv can carry: well-formed Unicode, and ASCII controls (all but NUL).
  const word = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary-ascii' })).filter((w) => !w.includes('\0'));
  fc.assert(
    fc.property(fc.array(word, { maxLength: 6 }), (words) => {
      t.deepEqual(wordsSeenBySh(words), words);
    }),
    { numRuns: 150 },
  );
});
