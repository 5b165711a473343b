import { readFileSync } from 'node:fs';
import test, { type ExecutionContext } from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import type { DatabaseConfig } from '../../../src/adapters/persistence/mikro-orm/database-config.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { newJob, newProject } from '../../contract/fixtures.js';
import { inTx, onBothDatabases, seedLab } from './persistence-kit.js';

/**
 * The driver tricks of driver-connection.ts: the versions they were written against, and what they
 * must keep doing. A version change fails the first test: check the tricks against the new
 * versions (knex's `client.acquireConnection`/`releaseConnection`, pg's Query protocol handlers
 * `submit` and `handleCommandComplete`), measure them again, then update the versions here.
 */
const versionOf = (name: string): string => (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;

test('the versions the driver tricks were written against', (t) => {
  t.deepEqual(
    { mikroOrmKnex: versionOf('@mikro-orm/knex'), knex: versionOf('knex'), pg: versionOf('pg') },
    { mikroOrmKnex: '6.6.16', knex: '3.2.10', pg: '8.20.0' },
  );
});

/**
 * A transaction's BEGIN travels with its first statement. When that statement fails, the
 * transaction it opened is rolled back and the connection (the only one of the pool) serves the
 * next transactions as if nothing happened; a failure after it undoes the first statement too.
 */
const firstStatementFails = async (t: ExecutionContext, config: DatabaseConfig): Promise<void> => {
  const store = await openMikroOrmStore(config);
  try {
    const { projectId } = await seedLab(store);
    // The first statement of each: an insert whose task does not exist (a foreign key violation).
    for (let round = 0; round < 3; round++) {
      await t.throwsAsync(inTx(store, (tx) => tx.jobs.insert([newJob(projectId, 99999)])), { message: /task 99999/ });
    }
    // A first statement that succeeds, then one that fails: neither stays.
    await t.throwsAsync(
      inTx(store, async (tx) => {
        await tx.projects.insert(newProject('half-written'));
        await tx.jobs.insert([newJob(projectId, 99999)]);
      }),
    );
    t.is(await inTx(store, (tx) => tx.projects.getByName('half-written')), null);
    // A transaction that runs no statement opens none; the next one works.
    t.deepEqual(await store.transaction(async () => E.right('nothing')), E.right('nothing'));
    const created = await inTx(store, (tx) => tx.projects.insert(newProject('after')));
    t.true(E.isRight(created));
    t.is((await inTx(store, (tx) => tx.projects.getByName('after')))?.name, 'after');
  } finally {
    await store.close();
  }
};

// PostgreSQL with a pool of one connection: the next transactions get the very connection the failure used.
onBothDatabases('a failing first statement (carrying BEGIN) rolls back and leaves the connection clean', firstStatementFails, { poolSize: 1 });
