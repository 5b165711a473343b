import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { MAX_NAME_LENGTH, validateCount, validateName } from '../../src/domain/names.js';

test('validateName accepts ordinary names, unicode and the maximum length', (t) => {
  for (const name of ['a', 'resnet-50 / lr=0.1', 'modèle ✓', 'x'.repeat(MAX_NAME_LENGTH), ' padded ']) {
    t.deepEqual(validateName('name', name), E.right(name));
  }
  t.is(MAX_NAME_LENGTH, 255);
});

test('validateName refuses empty, blank, too long and control characters, naming the field', (t) => {
  t.deepEqual(validateName('jobs[3].name', ''), E.left({ _tag: 'ValidationFailed', field: 'jobs[3].name', message: 'jobs[3].name must not be empty' }));
  t.like(validateName('f', '\n \t'), { left: { message: 'f must not be empty' } });
  t.like(validateName('f', 'x'.repeat(256)), { left: { message: 'f is longer than 255 characters' } });
  for (const c of ['\u0000', '\u001f', '\u007f', '\r']) {
    t.like(validateName('f', `a${c}b`), { left: { message: 'f must not contain control characters' } }, JSON.stringify(c));
  }
});

test('validateCount accepts safe integers at or above the minimum', (t) => {
  t.deepEqual(validateCount('n', 0), E.right(0));
  t.deepEqual(validateCount('n', Number.MAX_SAFE_INTEGER), E.right(Number.MAX_SAFE_INTEGER));
  t.deepEqual(validateCount('n', 1, 1), E.right(1));
});

test('validateCount refuses fractions, non-finite and unsafe numbers and values below the minimum', (t) => {
  for (const [value, minimum] of [
    [-1, 0],
    [0, 1],
    [0.5, 0],
    [Number.NaN, 0],
    [Number.POSITIVE_INFINITY, 0],
    [2 ** 53, 0],
  ] as const) {
    t.deepEqual(
      validateCount('n', value, minimum),
      E.left({ _tag: 'ValidationFailed', field: 'n', message: `n must be an integer >= ${minimum}, got ${value}` }),
      String(value),
    );
  }
});
