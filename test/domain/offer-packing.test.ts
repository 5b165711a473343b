import test from 'ava';
import fc from 'fast-check';
import { packInOrder, remainingOffer } from '../../src/domain/offer-packing.js';
import { fits, type Offer, type Requirements } from '../../src/domain/resources.js';

const need = (cpu: number, accelerators = 0, memoryMb = 0): { requirements: Requirements; name: string } => ({
  requirements: { cpu, accelerators, memoryMb },
  name: `${cpu}/${accelerators}/${memoryMb}`,
});

test('remainingOffer takes the need from each filtered dimension and leaves the unfiltered ones alone', (t) => {
  t.deepEqual(remainingOffer({ cpu: 8, accelerators: null, memoryMb: 1000 }, { cpu: 3, accelerators: 2, memoryMb: 250 }), {
    cpu: 5,
    accelerators: null,
    memoryMb: 750,
  });
});

test('packInOrder takes candidates in order while they fit together, passing over one that no longer fits', (t) => {
  const candidates = [need(4), need(3), need(2), need(1), need(1)];
  t.deepEqual(
    packInOrder(candidates, { cpu: 8, accelerators: 0, memoryMb: 0 }, 10).map((c) => c.name),
    ['4/0/0', '3/0/0', '1/0/0'],
  );
});

test('packInOrder stops at the limit, and an unfiltered offer takes the first `limit`', (t) => {
  const candidates = [need(4, 2), need(64, 8), need(1)];
  t.deepEqual(packInOrder(candidates, { cpu: null, accelerators: null, memoryMb: null }, 2).map((c) => c.name), ['4/2/0', '64/8/0']);
  t.deepEqual(packInOrder(candidates, { cpu: 100, accelerators: 2, memoryMb: null }, 5).map((c) => c.name), ['4/2/0', '1/0/0']);
  t.deepEqual(packInOrder(candidates, { cpu: 100, accelerators: 2, memoryMb: null }, 0), []);
});

const requirements = fc.record({ cpu: fc.integer({ min: 0, max: 16 }), accelerators: fc.integer({ min: 0, max: 4 }), memoryMb: fc.integer({ min: 0, max: 4096 }) });
const offer = fc.record({
  cpu: fc.option(fc.integer({ min: 0, max: 32 }), { nil: null }),
  accelerators: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
  memoryMb: fc.option(fc.integer({ min: 0, max: 8192 }), { nil: null }),
});

test('property: what packInOrder takes fits the offer together, keeps the order, and nothing passed over would still fit', (t) => {
  fc.assert(
    fc.property(fc.array(requirements, { maxLength: 30 }), offer, fc.integer({ min: 0, max: 40 }), (needs, offered: Offer, limit) => {
      const candidates = needs.map((r, index) => ({ requirements: r, index }));
      const packed = packInOrder(candidates, offered, limit);
      if (packed.length > limit) return false;
      let left: Offer = offered;
      for (const candidate of packed) {
        if (!fits(candidate.requirements, left)) return false;
        left = remainingOffer(left, candidate.requirements);
      }
      const indices = packed.map((c) => c.index);
      if (indices.some((index, at) => at > 0 && index <= indices[at - 1]!)) return false;
      // Below the limit, every candidate passed over must not fit what was left at its turn.
      if (packed.length < limit) {
        let remaining: Offer = offered;
        for (const candidate of candidates) {
          const taken = indices.includes(candidate.index);
          if (fits(candidate.requirements, remaining) !== taken) return false;
          if (taken) remaining = remainingOffer(remaining, candidate.requirements);
        }
      }
      return true;
    }),
    { numRuns: 500 },
  );
  t.pass();
});

test("packInOrder with fit 'each' takes the first `limit` that fit the offer on their own", (t) => {
  const candidates = [need(4), need(9), need(3), need(4), need(1)];
  t.deepEqual(
    packInOrder(candidates, { cpu: 4, accelerators: 0, memoryMb: null }, 3, 'each').map((c) => c.name),
    ['4/0/0', '3/0/0', '4/0/0'],
  );
});
