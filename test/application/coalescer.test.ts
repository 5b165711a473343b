import test from 'ava';
import { Coalescer } from '../../src/application/scheduling/coalescer.js';

test('calls made together share one batch; calls made while it runs share the next; each gets its own result', async (t) => {
  const batches: number[][] = [];
  let release: () => void = () => {};
  const coalescer = new Coalescer<number, string>(async (items) => {
    batches.push([...items]);
    if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
    return items.map((item) => `r${item}`);
  });
  const first = [1, 2, 3].map((item) => coalescer.submit(item));
  await new Promise((resolve) => setImmediate(resolve));
  const second = [4, 5].map((item) => coalescer.submit(item));
  release();
  t.deepEqual(await Promise.all([...first, ...second]), ['r1', 'r2', 'r3', 'r4', 'r5']);
  t.deepEqual(batches, [
    [1, 2, 3],
    [4, 5],
  ]);
});

test('a batch is at most maxBatch items, and a fault reaches every caller of its batch only', async (t) => {
  const coalescer = new Coalescer<number, number>(async (items) => {
    if (items.includes(3)) throw new Error('boom');
    return items.map((item) => item * 10);
  }, 2);
  const results = await Promise.allSettled([1, 2, 3, 4, 5].map((item) => coalescer.submit(item)));
  t.deepEqual(
    results.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message)),
    [10, 20, 'boom', 'boom', 50],
  );
});
