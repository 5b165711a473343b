import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { Container } from 'inversify';
import { mikroOrmStoreModule } from '../../../src/adapters/persistence/mikro-orm/mikro-orm-store.module.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { Store } from '../../../src/application/ports/store.port.js';
import { inTx, seedLab } from './persistence-kit.js';

test('the module binds Store to the opened store; closing twice is harmless', async (t) => {
  const store = await openMikroOrmStore({ kind: 'pglite', dataDir: 'memory://' });
  const container = new Container();
  await container.load(mikroOrmStoreModule(store));
  const bound = container.get<Store>(Store);
  t.is(bound, store);
  await seedLab(bound);
  t.is((await inTx(bound, (tx) => tx.projects.getByName('lab')))?.name, 'lab');
  await bound.ping();
  await Promise.all([store.close(), store.close()]);
  await store.close();
  await t.throwsAsync(store.ping());
});

test('close lets the running transaction finish, then refuses new ones', async (t) => {
  const store = await openMikroOrmStore({ kind: 'pglite', dataDir: 'memory://' });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const running = inTx(store, async (tx) => {
    await gate;
    return tx.projects.list(null, { limit: 10, offset: 0 });
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const closing = store.close();
  await t.throwsAsync(store.transaction(async () => E.right(1)), { message: /closed/ });
  release();
  t.deepEqual(await running, []);
  await closing;
  await t.throwsAsync(store.ping());
});
