import test from 'ava';
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
