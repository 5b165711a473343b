import test from 'ava';
import * as fc from 'fast-check';
import * as O from 'fp-ts/lib/Option.js';
import { capacityOf, offerOf, releaseReservation, reserve, type Capacity, type Reservation } from '../../src/domain/capacity.js';
import { fits, type Requirements } from '../../src/domain/resources.js';
import { holds } from './job-fixture.js';

const need = (cpu: number, accelerators = 0, memoryMb = 0): Requirements => ({ cpu, accelerators, memoryMb });

const reserved = (capacity: Capacity, requirements: Requirements): { capacity: Capacity; reservation: Reservation } => {
  const result = reserve(capacity, requirements);
  if (O.isNone(result)) throw new Error(`expected ${JSON.stringify(requirements)} to fit ${JSON.stringify(capacity)}`);
  return result.value;
};

test('capacityOf numbers the accelerators from 0', (t) => {
  t.deepEqual(capacityOf(16, 4, 65536), { cpu: 16, accelerators: [0, 1, 2, 3], memoryMb: 65536 });
  t.deepEqual(capacityOf(2, 0, 0).accelerators, []);
});

test('offerOf is the exact free capacity, where 0 means none', (t) => {
  t.deepEqual(offerOf(capacityOf(8, 2, 1024)), { cpu: 8, accelerators: 2, memoryMb: 1024 });
  const empty = offerOf(capacityOf(8, 0, 0));
  t.deepEqual(empty, { cpu: 8, accelerators: 0, memoryMb: 0 });
  t.false(fits(need(1, 1), empty));
});

test('reserve takes the needs off the capacity and hands out the lowest accelerator indices', (t) => {
  const { capacity, reservation } = reserved(capacityOf(16, 4, 8192), need(4, 2, 1024));
  t.deepEqual(reservation, { cpu: 4, acceleratorIndices: [0, 1], memoryMb: 1024 });
  t.deepEqual(capacity, { cpu: 12, accelerators: [2, 3], memoryMb: 7168 });
});

test('successive reservations get distinct accelerator indices', (t) => {
  let capacity = capacityOf(16, 4, 0);
  const handed: number[] = [];
  for (const count of [1, 2, 1]) {
    const next = reserved(capacity, need(1, count));
    handed.push(...next.reservation.acceleratorIndices);
    capacity = next.capacity;
  }
  t.deepEqual(handed, [0, 1, 2, 3]);
  t.is(new Set(handed).size, 4);
  t.deepEqual(capacity.accelerators, []);
  t.is(capacity.cpu, 13);
});

test('a job needing no accelerator gets none', (t) => {
  const { capacity, reservation } = reserved(capacityOf(4, 2, 0), need(1));
  t.deepEqual(reservation.acceleratorIndices, []);
  t.deepEqual(capacity.accelerators, [0, 1]);
});

test('reserve refuses what does not fit, in any dimension, and an exact fit is fine', (t) => {
  const capacity = capacityOf(4, 2, 1024);
  t.true(O.isNone(reserve(capacity, need(5))), 'cpu');
  t.true(O.isNone(reserve(capacity, need(1, 3))), 'accelerators');
  t.true(O.isNone(reserve(capacity, need(1, 0, 1025))), 'memory');
  const exact = reserved(capacity, need(4, 2, 1024));
  t.deepEqual(exact.capacity, { cpu: 0, accelerators: [], memoryMb: 0 });
  t.true(O.isNone(reserve(exact.capacity, need(1))));
});

test('release gives everything back, the accelerator indices sorted', (t) => {
  const start = capacityOf(8, 4, 4096);
  const first = reserved(start, need(2, 2, 1000));
  const second = reserved(first.capacity, need(3, 1, 500));
  t.deepEqual(second.reservation.acceleratorIndices, [2]);
  const afterFirst = releaseReservation(second.capacity, first.reservation);
  t.deepEqual(afterFirst, { cpu: 5, accelerators: [0, 1, 3], memoryMb: 3596 });
  // The freed lowest indices go to the next job.
  t.deepEqual(reserved(afterFirst, need(1, 1)).reservation.acceleratorIndices, [0]);
  t.deepEqual(releaseReservation(afterFirst, second.reservation), start);
});

test('release sorts numerically, not as text', (t) => {
  const capacity: Capacity = { cpu: 0, accelerators: [10], memoryMb: 0 };
  t.deepEqual(releaseReservation(capacity, { cpu: 1, acceleratorIndices: [2, 9], memoryMb: 0 }).accelerators, [2, 9, 10]);
});

test('reserve does not change the capacity it was given', (t) => {
  const capacity = capacityOf(4, 2, 100);
  const copy = structuredClone(capacity);
  reserved(capacity, need(1, 1, 10));
  t.deepEqual(capacity, copy);
});

test('property: reserving and releasing in any order conserves capacity and never hands an index out twice', (t) => {
  const total = capacityOf(16, 8, 4096);
  holds(
    t,
    fc.property(
      fc.array(fc.oneof(fc.record({ cpu: fc.nat({ max: 6 }), accelerators: fc.nat({ max: 4 }), memoryMb: fc.nat({ max: 2048 }) }), fc.nat({ max: 10 })), {
        maxLength: 40,
      }),
      (steps) => {
        let capacity = total;
        const held: Reservation[] = [];
        for (const step of steps) {
          if (typeof step === 'number') {
            const [gone] = held.splice(step % Math.max(held.length, 1), 1);
            if (gone !== undefined) capacity = releaseReservation(capacity, gone);
          } else {
            const next = reserve(capacity, step);
            const fitsNow = step.cpu <= capacity.cpu && step.accelerators <= capacity.accelerators.length && step.memoryMb <= capacity.memoryMb;
            if (O.isSome(next) !== fitsNow) return false;
            if (O.isSome(next)) {
              capacity = next.value.capacity;
              held.push(next.value.reservation);
            }
          }
          const indices = [...capacity.accelerators, ...held.flatMap((r) => r.acceleratorIndices)];
          if (new Set(indices).size !== total.accelerators.length || indices.length !== total.accelerators.length) return false;
          if (capacity.cpu + held.reduce((s, r) => s + r.cpu, 0) !== total.cpu) return false;
          if (capacity.memoryMb + held.reduce((s, r) => s + r.memoryMb, 0) !== total.memoryMb) return false;
          if (capacity.accelerators.some((a, i) => i > 0 && capacity.accelerators[i - 1]! >= a)) return false;
        }
        return true;
      },
    ),
  );
});
