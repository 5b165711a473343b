import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { DataDirLockedError, LOCK_FILE_NAME } from '../../../src/adapters/persistence/mikro-orm/data-dir-lock.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { exited, outcome, spawnScript, tempDir, waitForLine } from './persistence-kit.js';

test('another process cannot open a data directory this one holds, and is told which pid holds it', async (t) => {
  const dir = await tempDir();
  const store = await openMikroOrmStore({ kind: 'pglite', dataDir: dir.path });
  try {
    const started = Date.now();
    const second = await outcome(spawnScript('open-pglite.script.ts', [dir.path]));
    t.is(second.code, 1);
    t.true(second.stderr.includes(`${dir.path} is in use by process ${process.pid}`), second.stderr);
    t.false(second.stdout.includes('opened'));
    t.log(`refused after ${Date.now() - started} ms, process start-up included`);
    await store.ping();
  } finally {
    await store.close();
    await dir.remove();
  }
});

test('this process cannot open a directory another process holds, and can once it lets go', async (t) => {
  const dir = await tempDir();
  const holder = spawnScript('open-pglite.script.ts', [dir.path, 'hold']);
  try {
    await waitForLine(holder, `opened ${holder.pid}`);
    const error = await t.throwsAsync(openMikroOrmStore({ kind: 'pglite', dataDir: dir.path }), { instanceOf: DataDirLockedError });
    t.is((error as DataDirLockedError).holderPid, holder.pid!);
    t.regex(error!.message, new RegExp(`${dir.path} is in use by process ${holder.pid}`));

    holder.stdin.end();
    await exited(holder);
    t.false(existsSync(join(dir.path, LOCK_FILE_NAME)));
    const store = await openMikroOrmStore({ kind: 'pglite', dataDir: dir.path });
    await store.close();
  } finally {
    holder.kill('SIGKILL');
    await dir.remove();
  }
});

test('the same process cannot open one directory twice', async (t) => {
  const dir = await tempDir();
  const store = await openMikroOrmStore({ kind: 'pglite', dataDir: dir.path });
  try {
    const error = await t.throwsAsync(openMikroOrmStore({ kind: 'pglite', dataDir: dir.path }), { instanceOf: DataDirLockedError });
    t.is((error as DataDirLockedError).holderPid, process.pid);
    await store.ping();
  } finally {
    await store.close();
    await dir.remove();
  }
});

test('a stale lock whose process is gone is taken over; close releases the lock', async (t) => {
  const dir = await tempDir();
  try {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    t.true(deadPid > 0);
    const lockPath = join(dir.path, LOCK_FILE_NAME);
    writeFileSync(lockPath, `${deadPid}\n`);

    const store = await openMikroOrmStore({ kind: 'pglite', dataDir: dir.path });
    t.is(readFileSync(lockPath, 'utf8').trim(), String(process.pid));
    await store.close();
    t.false(existsSync(lockPath));
  } finally {
    await dir.remove();
  }
});
