import test from 'ava';
import { entriesOfJson, jobName, paramsJson, parseParams, typeParamValue } from '../../../src/adapters/cli/shared/param-value.js';

const json = (text: string) => typeParamValue(text).json;

test('a value with a "." is a float, written exactly', (t) => {
  t.is(json('1.0'), '1.0');
  t.is(json('0.10'), '0.10');
  t.is(json('-2.5e-3'), '-2.5e-3');
  t.is(json('1.'), '1.0');
  t.is(json('.5'), '0.5');
  t.is(json('-.5'), '-0.5');
});

test('a "." that is not a float leaves a string', (t) => {
  t.is(json('1.2.3'), '"1.2.3"');
  t.is(json('model.pt'), '"model.pt"');
  t.is(json('.'), '"."');
});

test('else an integer, of any size, exact', (t) => {
  t.is(json('3'), '3');
  t.is(json('-7'), '-7');
  t.is(json('+4'), '4');
  t.is(json('007'), '7');
  t.is(json('1_000'), '1000');
  t.is(json('1152921504606846977'), '1152921504606846977');
});

test('else true/false in any case is a bool, else a string', (t) => {
  t.is(json('true'), 'true');
  t.is(json('False'), 'false');
  t.is(json('yes'), '"yes"');
  t.is(json('1e5'), '"1e5"');
  t.is(json(''), '""');
  t.is(json('a "quoted" word'), '"a \\"quoted\\" word"');
});

test('--param pairs keep their order; a repeated key keeps its place and takes the last value; values may hold "="', (t) => {
  const entries = parseParams(['lr=1.0', 'name=a=b', 'seed=3', 'lr=0.5']);
  t.is(paramsJson(entries), '{"lr":0.5,"name":"a=b","seed":3}');
  t.is(jobName('train', entries), 'train lr=0.5 name=a=b seed=3');
  t.is(paramsJson([]), '{}');
  t.is(jobName('train', []), 'train');
});

test('a pair without "=" or without a key is a usage error', (t) => {
  t.throws(() => parseParams(['lr']), { message: /--param expects key=value, got 'lr'/ });
  t.throws(() => parseParams(['=3']), { message: /key=value/ });
});

test('entriesOfJson reads an exact object text back as name labels', (t) => {
  t.is(jobName('prep', entriesOfJson('{"dataset":"cifar10","lr":1.0,"l":[1,2]}')), 'prep dataset=cifar10 lr=1.0 l=[1,2]');
  t.deepEqual(entriesOfJson('[1]'), []);
});
