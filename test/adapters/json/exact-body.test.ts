import test from 'ava';
import fc from 'fast-check';
import jsonc from 'jsonc-parser';
import * as E from 'fp-ts/lib/Either.js';
import { ExactBody } from '../../../src/adapters/json/exact-body.js';
import { compactText, parseExact } from '../../../src/adapters/json/exact-json.js';

/** The reference: a full tree, the last of duplicate keys on the way (as JSON.parse and Python read them). */
const referenceText = (text: string, path: readonly (string | number)[]): string | undefined => {
  let node: jsonc.Node | undefined = parseExact(text) ?? undefined;
  for (const segment of path) {
    if (node === undefined) return undefined;
    if (typeof segment === 'number') node = node.type === 'array' ? node.children?.[segment] : undefined;
    else node = node.type === 'object' ? node.children?.filter((property) => property.children?.[0]?.value === segment).at(-1)?.children?.[1] : undefined;
  }
  return node === undefined ? undefined : compactText(node, text);
};

type Tree = null | boolean | number | string | Tree[] | { readonly entries: readonly [string, Tree][] };

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -1, 1.5, 1e21, 2 ** 60),
    fc.string({ unit: fc.constantFrom('a', 'é', '"', '\\', '/', '\n', '😀', ' ', 'parameters') }),
    fc.array(tie('tree'), { maxLength: 3 }),
    fc.record({ entries: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'parameters', 'jobs', 'é'), tie('tree')), { maxLength: 4 }) }),
  ),
})).tree;

/** JSON text of a tree, spelled in one of many ways: whitespace, escapes and number literals vary. */
const spell = (value: Tree, style: { space: string; escape: boolean }): string => {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') return style.escape && Number.isInteger(value) && Math.abs(value) < 1e6 ? `${value}.0` : JSON.stringify(value);
  if (typeof value === 'string') {
    const plain = JSON.stringify(value);
    return style.escape ? plain.replace(/a/g, '\\u0061').replace(/\//g, '\\/') : plain;
  }
  if (Array.isArray(value)) return `[${style.space}${value.map((item) => spell(item, style)).join(`,${style.space}`)}]`;
  return `{${value.entries.map(([key, item]) => `${spell(key, style)}${style.space}:${style.space}${spell(item, style)}`).join(`,${style.space}`)}}`;
};

test('ExactBody finds the compact text a full tree gives, for any spelling of any body (property)', (t) => {
  fc.assert(
    fc.property(
      tree,
      fc.record({ space: fc.constantFrom('', ' ', '\n\t'), escape: fc.boolean() }),
      fc.array(fc.oneof(fc.constantFrom('parameters', 'jobs', 'a', 'é'), fc.nat(3)), { maxLength: 3 }),
      (body, style, path) => {
        const text = spell(body, style);
        const expected = referenceText(text, path);
        const found = new ExactBody(text).textAt(path, 'FALLBACK');
        t.deepEqual(found, E.right(expected ?? 'FALLBACK'), `${text} at ${JSON.stringify(path)}`);
        t.is(new ExactBody(text).has(path), expected !== undefined);
      },
    ),
    { numRuns: 3_000 },
  );
});

test('ExactBody: siblings share one scan and each gets its own text; invalid and empty bodies', (t) => {
  const body = new ExactBody('{"jobs":[{"parameters":{"x":1.0}},{"name":"n"},{"parameters": {"y" : [1, 2]}}]}');
  t.deepEqual(body.textAt(['jobs', 0, 'parameters'], '{}'), E.right('{"x":1.0}'));
  t.deepEqual(body.textAt(['jobs', 1, 'parameters'], '{}'), E.right('{}'));
  t.deepEqual(body.textAt(['jobs', 2, 'parameters'], '{}'), E.right('{"y":[1,2]}'));
  t.deepEqual(body.textAt(['jobs', 3, 'parameters'], '{}'), E.right('{}'));
  t.true(E.isLeft(new ExactBody('{"parameters": {"a": 1},}').textAt(['parameters'], '{}')));
  t.true(E.isLeft(new ExactBody('{"a": 1} // comment').textAt(['a'], '{}')));
  t.deepEqual(new ExactBody('  ').textAt(['parameters'], '{}'), E.right('{}'));
  t.false(new ExactBody('nope').has(['parameters']));
  t.deepEqual(new ExactBody('{"parameters":{"a":1},"parameters":{"b":2}}').textAt(['parameters'], '{}'), E.right('{"b":2}'), 'the last duplicate, as JSON.parse reads it');
});
