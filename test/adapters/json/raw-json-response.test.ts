import test from 'ava';
import { RawJson, stringifyWithRaw } from '../../../src/adapters/json/raw-json-response.js';

test('stored JSON texts are spliced in verbatim, wherever they sit, and nothing else changes', (t) => {
  const parameters = '{"lr": 1.0, "big": 12345678901234567890, "s": "\\u00e9"}';
  const body = { job: { id: 1, parameters: new RawJson(parameters) }, more: [{ job: { parameters: new RawJson('[]') } }], note: 'a "quoted" text' };
  t.is(stringifyWithRaw(body), `{"job":{"id":1,"parameters":${parameters}},"more":[{"job":{"parameters":[]}}],"note":"a \\"quoted\\" text"}`);
  t.is(stringifyWithRaw(new RawJson('7.50')), '7.50');
  t.is(stringifyWithRaw({ plain: [1, 'x', null] }), '{"plain":[1,"x",null]}');
});

test('a client text that looks like a placeholder stays a text', (t) => {
  const forged = '\u2063wn-raw-0123456789abcdef01234567-0\u2063';
  t.is(stringifyWithRaw({ name: forged, parameters: new RawJson('{}') }), `{"name":${JSON.stringify(forged)},"parameters":{}}`);
});

test('outside stringifyWithRaw a RawJson serializes as the value its text holds', (t) => {
  t.is(JSON.stringify({ parameters: new RawJson('{"a": 1.0}') }), '{"parameters":{"a":1}}');
});

test('a RawJson whose toJSON is called by a nested stringify inside a value does not leak into the outer call', (t) => {
  const inner = { toJSON: () => JSON.parse(stringifyWithRaw({ x: new RawJson('2.0') })) as unknown };
  t.is(stringifyWithRaw({ a: new RawJson('1.0'), b: inner }), '{"a":1.0,"b":{"x":2}}');
});
