import test from 'ava';
import fc from 'fast-check';
import { expandGrid, gridSize, parseGrid, parseGridSpec, randomGridPoints } from '../../../src/adapters/cli/shared/grid.js';
import { jobName, paramsJson } from '../../../src/adapters/cli/shared/param-value.js';

const values = (spec: string) => parseGridSpec(spec).values.map((v) => v.json);

test('a grid lists typed values', (t) => {
  t.deepEqual(parseGridSpec('lr=0.1,0.01,1.0').key, 'lr');
  t.deepEqual(values('lr=0.1,0.01,1.0'), ['0.1', '0.01', '1.0']);
  t.deepEqual(values('opt=adam,sgd,true'), ['"adam"', '"sgd"', 'true']);
});

test('integer ranges: a..b, a..b..step, descending, mixed with values', (t) => {
  t.deepEqual(values('seed=1..5'), ['1', '2', '3', '4', '5']);
  t.deepEqual(values('n=0..10..5'), ['0', '5', '10']);
  t.deepEqual(values('n=3..1'), ['3', '2', '1']);
  t.deepEqual(values('n=1..2,7'), ['1', '2', '7']);
});

test('bad grids are usage errors', (t) => {
  t.throws(() => parseGridSpec('lr'), { message: /key=value/ });
  t.throws(() => parseGridSpec('lr=0.1,,0.2'), { message: /empty value/ });
  t.throws(() => parseGridSpec('n=1..5..0'), { message: /step/ });
  t.throws(() => parseGrid(['a=1', 'a=2']), { message: /given twice/ });
});

test('the product runs the first grid slowest, names read as key=value', (t) => {
  const points = expandGrid(parseGrid(['lr=0.1,0.01', 'seed=1..3']));
  t.deepEqual(
    points.map((p) => jobName('train', p)),
    ['train lr=0.1 seed=1', 'train lr=0.1 seed=2', 'train lr=0.1 seed=3', 'train lr=0.01 seed=1', 'train lr=0.01 seed=2', 'train lr=0.01 seed=3'],
  );
  t.is(paramsJson(points[3]!), '{"lr":0.01,"seed":1}');
});

test('random points: distinct, in grid order, the same for the same seed, different for another', (t) => {
  const dims = parseGrid(['a=1..10', 'b=1..10', 'c=1..10']);
  const names = (seed: number) => randomGridPoints(dims, 20, seed).map((p) => paramsJson(p));
  const first = names(42);
  t.is(first.length, 20);
  t.is(new Set(first).size, 20);
  t.deepEqual(names(42), first);
  t.notDeepEqual(names(43), first);
  const all = expandGrid(dims).map((p) => paramsJson(p));
  const indices = first.map((p) => all.indexOf(p));
  t.true(indices.every((i, k) => i >= 0 && (k === 0 || i > indices[k - 1]!)));
});

test('asking for more random points than the grid has is a usage error; asking for all gives all', (t) => {
  const dims = parseGrid(['a=1..3']);
  t.throws(() => randomGridPoints(dims, 4, 1), { message: /more points than the grid has \(3\)/ });
  t.is(randomGridPoints(dims, 3, 1).length, 3);
});

test('property: random points are always distinct members of the grid', (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }), fc.integer(), fc.nat(), (sizes, seed, want) => {
      const dims = parseGrid(sizes.map((n, i) => `k${i}=1..${n}`));
      const count = (want % gridSize(dims)) + 1;
      const points = randomGridPoints(dims, count, seed).map((p) => paramsJson(p));
      const all = new Set(expandGrid(dims).map((p) => paramsJson(p)));
      return points.length === count && new Set(points).size === count && points.every((p) => all.has(p));
    }),
  );
  t.pass();
});
