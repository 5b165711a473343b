import test from 'ava';
import { DEFAULT_REQUIREMENTS, fits, offerFromLegacy, UNLIMITED_OFFER, type Offer, type Requirements } from '../../src/domain/resources.js';

const need = (cpu: number, accelerators = 0, memoryMb = 0): Requirements => ({ cpu, accelerators, memoryMb });
const offer = (cpu: number | null, accelerators: number | null = null, memoryMb: number | null = null): Offer => ({ cpu, accelerators, memoryMb });

test('defaults: one CPU, no accelerator, no memory; the unlimited offer filters nothing', (t) => {
  t.deepEqual(DEFAULT_REQUIREMENTS, { cpu: 1, accelerators: 0, memoryMb: 0 });
  t.deepEqual(UNLIMITED_OFFER, { cpu: null, accelerators: null, memoryMb: null });
});

test('null in a dimension means no filter on it', (t) => {
  t.true(fits(need(1_000, 64, 1_000_000), UNLIMITED_OFFER));
  t.true(fits(need(64, 2), offer(null, 2)));
  t.false(fits(need(64, 3), offer(null, 2)));
  t.true(fits(need(1, 0, 999_999), offer(1, 0, null)));
});

test('a requirement fits when it is at most the offer, in every dimension', (t) => {
  t.true(fits(need(4, 2, 1024), offer(4, 2, 1024)));
  t.true(fits(need(3, 1, 512), offer(4, 2, 1024)));
  t.false(fits(need(5, 2, 1024), offer(4, 2, 1024)), 'cpu');
  t.false(fits(need(4, 3, 1024), offer(4, 2, 1024)), 'accelerators');
  t.false(fits(need(4, 2, 1025), offer(4, 2, 1024)), 'memory');
});

test('an offered 0 means none: only a job needing none of it fits', (t) => {
  t.false(fits(need(1), offer(0)));
  t.false(fits(need(1, 1), offer(8, 0)));
  t.true(fits(need(1, 0), offer(8, 0)));
  t.false(fits(need(1, 0, 1), offer(8, 0, 0)));
  t.true(fits(need(0, 0, 0), offer(0, 0, 0)));
});

test('offerFromLegacy: the original client\'s 0 becomes no filter', (t) => {
  t.deepEqual(offerFromLegacy(0, 0), { cpu: null, accelerators: null, memoryMb: null });
  t.deepEqual(offerFromLegacy(0, 0, 0), { cpu: null, accelerators: null, memoryMb: null });
  t.deepEqual(offerFromLegacy(8, 0), { cpu: 8, accelerators: null, memoryMb: null });
  t.deepEqual(offerFromLegacy(0, 2, 4096), { cpu: null, accelerators: 2, memoryMb: 4096 });
  t.deepEqual(offerFromLegacy(4, 1, 16), { cpu: 4, accelerators: 1, memoryMb: 16 });
});

test('offerFromLegacy: a legacy 0 offer lets any job through, an exact offer filters', (t) => {
  t.true(fits(need(32, 8), offerFromLegacy(0, 0)));
  t.false(fits(need(32, 8), offerFromLegacy(16, 0)));
  t.true(fits(need(16, 8), offerFromLegacy(16, 0)));
});
