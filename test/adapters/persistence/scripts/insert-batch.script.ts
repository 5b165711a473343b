/**
 * Inserts one batch of `count` jobs (a chain: each depends on the one before) into the project and
 * task named `lab`/`train`, for a parent that SIGKILLs this process on the way.
 * argv: <database config as JSON> <count> <mode> [ms]. Prints `inserting` just before the insert;
 * with mode `commit` it then commits and prints `committed`; with `hold` it prints `inserted` and
 * waits, never committing; with `die` a `sleep; kill -KILL` of its own starts with the insert and
 * kills it `ms` later. Neither the parent's timers (slowed on a loaded machine) nor this process's
 * (PGlite's insert runs without yielding to them) would reliably land inside the insert.
 */
import { spawn } from 'node:child_process';
import * as E from 'fp-ts/lib/Either.js';
import type { DatabaseConfig } from '../../../../src/adapters/persistence/mikro-orm/database-config.js';
import { openMikroOrmStore } from '../../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { chainBatch } from '../job-batches.js';

const [configJson, countText, mode, dieAfterMs] = process.argv.slice(2);
const store = await openMikroOrmStore(JSON.parse(configJson!) as DatabaseConfig);
await store.transaction(async (tx) => {
  const project = (await tx.projects.getByName('lab'))!;
  const task = (await tx.tasks.getByName('train', project.id))!;
  const batch = chainBatch(project.id, task.id, Number(countText));
  process.stdout.write('inserting\n');
  if (mode === 'die') spawn('sh', ['-c', `sleep ${Number(dieAfterMs) / 1000}; kill -KILL ${process.pid}`], { stdio: 'ignore', detached: true }).unref();
  await tx.jobs.insert(batch);
  if (mode === 'hold') {
    process.stdout.write('inserted\n');
    await new Promise(() => {});
  }
  return E.right(undefined);
});
process.stdout.write('committed\n');
await store.close();
