import test from 'ava';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { floatRepr, reprString } from '../../../src/adapters/worker/executors/command/python-str.js';
import { parameterValues } from '../../../src/adapters/worker/executors/command/parameter-values.js';

const valuesOf = (text: string): [string, string][] => {
  const values = parameterValues(text);
  if (E.isLeft(values)) throw new Error(values.left);
  return [...values.right];
};

// Each right-hand side is what CPython 3.11 prints for str(json.loads(left)).
const PYTHON_STR: readonly [string, string][] = [
  ['1.0', '1.0'],
  ['1e16', '1e+16'],
  ['1.5e16', '1.5e+16'],
  ['1e15', '1000000000000000.0'],
  ['123456789012345678.0', '1.2345678901234568e+17'],
  ['0.0001', '0.0001'],
  ['0.00001', '1e-05'],
  ['1e-7', '1e-07'],
  ['-0.0', '-0.0'],
  ['1E400', 'inf'],
  ['-1e400', '-inf'],
  ['3.14', '3.14'],
  ['12345.678e3', '12345678.0'],
  ['0.1', '0.1'],
  ['1.23456789012345678', '1.2345678901234567'],
  ['100.0', '100.0'],
  ['5e-324', '5e-324'],
  ['-0', '0'],
  ['12345678901234567890123', '12345678901234567890123'],
  ['true', 'True'],
  ['null', 'None'],
  ['"plain text, verbatim: \'\\" $(x)"', 'plain text, verbatim: \'" $(x)'],
  ['[1, 1.0, true, null, "a\'b", "x\\ny", "both\'\\"", "\\\\"]', `[1, 1.0, True, None, "a'b", 'x\\ny', 'both\\'"', '\\\\']`],
  ['{"a": [1], "b": "é\\u0000", "c": {"d": false}}', "{'a': [1], 'b': 'é\\x00', 'c': {'d': False}}"],
  ['["\\u200b\\u00a0 \\ud83d\\ude00\\u0085\\u007f\\ue000"]', "['\\u200b\\xa0 😀\\x85\\x7f\\ue000']"],
  ['["tab\\there", "\\u2028", "日本"]', "['tab\\there', '\\u2028', '日本']"],
  ['{"x": 1, "x": 2, "y": 3}', "{'x': 2, 'y': 3}"],
];

test('values print as Python str() prints what json.loads gives', (t) => {
  for (const [json, python] of PYTHON_STR) {
    const [[, value]] = valuesOf(`{"v": ${json}}`) as [[string, string]];
    t.is(value, python, json);
  }
});

test('keys keep their order, integer-like ones included; a repeated key keeps its first place and last value', (t) => {
  t.deepEqual(valuesOf('{"b": 1, "10": 2, "2": 3, "a": 4, "b": 5}'), [
    ['b', '5'],
    ['10', '2'],
    ['2', '3'],
    ['a', '4'],
  ]);
});

test('parameters that are not one JSON object are refused with the reason', (t) => {
  t.true(E.isLeft(parameterValues('[1, 2]')));
  t.true(E.isLeft(parameterValues('{"a": 1} trailing')));
  t.true(E.isLeft(parameterValues('{"a": NaN}')));
});

test('float repr reads back to the same number, for any double', (t) => {
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      const text = floatRepr(x);
      return Object.is(Number(text), x) && (/[.e]|inf/.test(text));
    }),
    { numRuns: 2_000 },
  );
  t.pass();
});

test('string repr chooses its quotes as Python does', (t) => {
  t.is(reprString("it's"), `"it's"`);
  t.is(reprString(`say "hi"`), `'say "hi"'`);
  t.is(reprString(`it's "both"`), `'it\\'s "both"'`);
});
