import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { validateParameters } from '../../src/domain/parameters.js';

test('the text of a JSON object is kept exactly as given', (t) => {
  for (const text of ['{}', '{"b":1,"a":2}', '{"lr": 1.0, "n": 12345678901234567890}', ' { "nested": {"x": [1, 2]} } ']) {
    t.deepEqual(validateParameters('parameters', text), E.right(text));
  }
});

test('text that is not JSON is refused', (t) => {
  for (const text of ['', '{', "{'a':1}", 'lr=1']) {
    t.deepEqual(
      validateParameters('parameters', text),
      E.left({ _tag: 'ValidationFailed', field: 'parameters', message: 'parameters is not valid JSON' }),
      text,
    );
  }
});

test('JSON that is not an object is refused', (t) => {
  for (const text of ['[]', '[{"a":1}]', '1', '"text"', 'null', 'true']) {
    t.deepEqual(
      validateParameters('jobs[0].parameters', text),
      E.left({ _tag: 'ValidationFailed', field: 'jobs[0].parameters', message: 'jobs[0].parameters must be a JSON object' }),
      text,
    );
  }
});
