import test from 'ava';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { Container } from 'inversify';
import { IndexedHeap } from '../../src/adapters/persistence/memory/indexed-heap.js';
import { MemoryStore } from '../../src/adapters/persistence/memory/memory-store.js';
import { memoryStoreModule } from '../../src/adapters/persistence/memory/memory-store.module.js';
import { Store, type StoreTransaction } from '../../src/application/ports/store.port.js';
import { inTx, right, rolledBack, seed } from './contract-kit.js';
import { newJob, newProject } from './fixtures.js';
import { registerStoreContract } from './store-contract.js';

registerStoreContract('memory', async () => {
  const store = new MemoryStore();
  return { store, dispose: () => store.close() };
});

// What the contract leaves to each adapter, checked for the memory store.

test('memory only: ids count from 1 per entity type, and a rollback gives them back', async (t) => {
  const store = new MemoryStore();
  const first = await inTx(store, (tx) => seed(tx, 'first'));
  t.is(first.project.id, 1);
  t.is(first.task.id, 1);
  await rolledBack(store, async (tx) => {
    await seed(tx, 'ghost');
  });
  const second = await inTx(store, async (tx) => {
    const { project, task } = await seed(tx, 'second');
    return { project, task, jobs: await tx.jobs.insert([newJob(project.id, task.id), newJob(project.id, task.id)]) };
  });
  t.deepEqual([second.project.id, second.task.id, ...second.jobs.map((job) => job.id)], [2, 2, 1, 2]);
});

test('memory only: stores that escape their transaction cannot write', async (t) => {
  const store = new MemoryStore();
  let escaped: StoreTransaction | undefined;
  await inTx(store, async (tx) => {
    escaped = tx;
  });
  await t.throwsAsync(escaped!.projects.insert(newProject('late')), { message: /transaction has ended/ });
  t.deepEqual(await inTx(store, (tx) => tx.projects.list(null, { limit: 10, offset: 0 })), []);
});

test('memory only: close waits for the running transaction, then refuses new ones', async (t) => {
  const store = new MemoryStore();
  let release!: () => void;
  const running = store.transaction(async (tx) => {
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    return E.right(right(await tx.projects.insert(newProject('last'))));
  });
  await new Promise((resolve) => setImmediate(resolve));
  const closing = store.close();
  await t.throwsAsync(store.transaction(async () => E.right(1)), { message: /closed/ });
  await t.throwsAsync(store.ping(), { message: /closed/ });
  release();
  t.true(E.isRight(await running));
  await closing;
});

test('memory only: the module binds Store to one MemoryStore per container', async (t) => {
  const container = new Container();
  await container.load(memoryStoreModule);
  const store = container.get<Store>(Store);
  t.true(store instanceof MemoryStore);
  t.is(container.get<Store>(Store), store);
});

type Item = { key: number; rank: number };
const inOrder = (items: ReadonlyMap<number, Item>): number[] =>
  [...items.values()].sort((a, b) => a.rank - b.rank || a.key - b.key).map((item) => item.key);

test('memory only: IndexedHeap pops in order after any pushes and removals (property)', (t) => {
  const operation = fc.oneof(
    fc.record({ push: fc.integer({ min: 0, max: 40 }), rank: fc.integer({ min: -5, max: 25 }) }),
    fc.record({ remove: fc.integer({ min: 0, max: 40 }) }),
  );
  fc.assert(
    fc.property(fc.array(operation, { maxLength: 80 }), fc.integer({ min: -5, max: 5 }), (operations, cutoff) => {
      const before = (a: Item, b: Item) => a.rank < b.rank || (a.rank === b.rank && a.key < b.key);
      const heap = new IndexedHeap<Item>((item) => item.key, before);
      const model = new Map<number, Item>();
      let removalsAgree = true;
      for (const op of operations) {
        if ('push' in op) {
          if (model.has(op.push)) continue;
          heap.push({ key: op.push, rank: op.rank });
          model.set(op.push, { key: op.push, rank: op.rank });
        } else {
          if (heap.remove(op.remove)?.key !== model.get(op.remove)?.key) removalsAgree = false;
          model.delete(op.remove);
        }
        // The top must be right after every step, not only once the heap drains.
        if (heap.peek()?.key !== inOrder(model)[0]) removalsAgree = false;
      }
      const expected = inOrder(model);
      const leading = heap.takeWhile((item) => item.rank <= cutoff, 10).map((item) => item.key);
      const popped: number[] = [];
      for (let item = heap.pop(); item !== undefined; item = heap.pop()) popped.push(item.key);
      const leadingExpected = [...model.values()]
        .filter((item) => item.rank <= cutoff)
        .sort((a, b) => a.rank - b.rank || a.key - b.key)
        .slice(0, 10)
        .map((item) => item.key);
      return removalsAgree && JSON.stringify(popped) === JSON.stringify(expected) && JSON.stringify(leading) === JSON.stringify(leadingExpected);
    }),
    {
      numRuns: 500,
      // A removal whose replacement must move up, not down: random runs rarely build it.
      examples: [
        [
          [
            ...[1, 10, 2, 11, 12, 3].map((rank) => ({ push: rank, rank })),
            { remove: 11 },
            { push: 20, rank: 20 },
            { push: 21, rank: 21 },
            { remove: 1 },
            { remove: 2 },
          ],
          0,
        ],
      ],
    },
  );
  t.pass();
});
