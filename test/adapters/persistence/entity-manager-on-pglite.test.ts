import test from 'ava';
import { readFileSync } from 'node:fs';
import { openMikroOrm } from '../../../src/adapters/persistence/mikro-orm/database-config.js';
import { MikroOrmMigrator } from '../../../src/adapters/persistence/mikro-orm/migrator.js';
import { ProjectSchema } from '../../../src/adapters/persistence/mikro-orm/projects.table.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { inTx } from './persistence-kit.js';
import { KEEP_FOREVER } from '../../../src/domain/retention.js';

/**
 * Why the CRUD of projects, tasks and workers is SQL with bound parameters and not MikroORM's
 * EntityManager: MikroORM 6 inlines every value into the SQL text (`platform.formatQuery`), and the
 * PGlite dialect (@harryplusplus/knex-pglite) runs a text holding a ';' as several statements,
 * without parameters and without rows. A description with a semicolon in it then loses the
 * inserted row's id. Pinned to the versions it was seen with: when they change, run it again, and
 * if the EntityManager has become safe, move that CRUD to it.
 */

const versionOf = (name: string): string => (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;

test('the versions this was seen with', (t) => {
  t.deepEqual(
    { core: versionOf('@mikro-orm/core'), pglite: versionOf('mikro-orm-pglite'), dialect: versionOf('@harryplusplus/knex-pglite') },
    { core: '6.6.16', pglite: '0.5.1', dialect: '0.13.13' },
  );
});

const NOW = new Date('2026-12-07T00:00:00Z');

test('on PGlite, the EntityManager loses an insert whose values hold a semicolon; the store keeps it', async (t) => {
  const opened = await openMikroOrm({ kind: 'pglite', dataDir: 'memory://' });
  await new MikroOrmMigrator(opened).upgrade();
  const em = opened.orm.em.fork();
  const plain = em.create(ProjectSchema, { name: 'plain', description: 'no semicolon', status: 'ACTIVE', retention: 'keep', createdAt: NOW, updatedAt: NOW });
  await em.flush();
  t.true(typeof plain.id === 'number' && plain.id > 0, 'without a semicolon, the id comes back');
  const risky = em.create(ProjectSchema, { name: 'risky', description: 'first; second', status: 'ACTIVE', retention: 'keep', createdAt: NOW, updatedAt: NOW });
  const flushed = await em.flush().then(
    () => null,
    (error: unknown) => error,
  );
  t.false(flushed === null && typeof risky.id === 'number' && risky.id > plain.id, `the EntityManager kept the row's id: ${String(risky.id)}`);
  await opened.close();

  const store = await openMikroOrmStore({ kind: 'pglite', dataDir: 'memory://' });
  const project = await inTx(store, async (tx) => tx.projects.insert({ name: 'risky', description: 'first; second', status: 'ACTIVE', retention: KEEP_FOREVER, createdAt: NOW, updatedAt: NOW }));
  t.like(project, { _tag: 'Right', right: { name: 'risky', description: 'first; second' } });
  await store.close();
});
