import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { Container } from 'inversify';
import { mikroOrmStoreModule } from '../../../src/adapters/persistence/mikro-orm/mikro-orm-store.module.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { Store } from '../../../src/application/ports/store.port.js';
import { newJob } from '../../contract/fixtures.js';
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

test('updating a job that does not exist is refused, as by the memory store, and changes nothing', async (t) => {
  const store = await openMikroOrmStore({ kind: 'pglite', dataDir: 'memory://' });
  try {
    const { projectId, taskId } = await seedLab(store);
    const [job] = await inTx(store, (tx) => tx.jobs.insert([newJob(projectId, taskId)]));
    const ghost = { ...job!, id: job!.id + 100, dependencies: [job!.id] };
    const result = store.transaction(async (tx) => {
      await tx.jobs.updateMany([{ ...job!, name: 'renamed' }, ghost]);
      return E.right(undefined);
    });
    await t.throwsAsync(result, { message: `Cannot update jobs ${ghost.id}: they do not exist.` });
    t.is((await inTx(store, (tx) => tx.jobs.get(job!.id)))?.name, 'job');
    t.deepEqual(await inTx(store, (tx) => tx.jobs.directDependentsOutside([job!.id])), []);
  } finally {
    await store.close();
  }
});
