import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import type { DatabaseConfig } from '../../../src/adapters/persistence/mikro-orm/database-config.js';
import type { Store, StoreTransaction } from '../../../src/application/ports/store.port.js';
import { DEFAULT_REQUIREMENTS } from '../../../src/domain/resources.js';
import { createScratchDatabase, TEST_SERVER_ENV } from '../../contract/database-fixture.js';
import { KEEP_FOREVER } from '../../../src/domain/retention.js';
export { claimOne } from '../../contract/contract-kit.js';

export const T0 = new Date('2026-03-01T10:00:00.000Z');

/** A fresh directory under the system's temp dir; `remove` deletes it. */
export const tempDir = async (): Promise<{ path: string; remove: () => Promise<void> }> => {
  const path = await mkdtemp(join(tmpdir(), 'whatsnext-pglite-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
};

export const inTx = async <A>(store: Store, work: (tx: StoreTransaction) => Promise<A>): Promise<A> => {
  const result = await store.transaction<never, A>(async (tx) => E.right(await work(tx)));
  if (E.isLeft(result)) throw new Error('unexpected Left');
  return result.right;
};

/** Project `lab` with task `train`: what the job tests and scripts work in. */
export const seedLab = (store: Store): Promise<{ projectId: number; taskId: number }> =>
  inTx(store, async (tx) => {
    const project = await tx.projects.insert({ name: 'lab', description: '', status: 'ACTIVE', retention: KEEP_FOREVER, createdAt: T0, updatedAt: T0 });
    if (E.isLeft(project)) throw new Error(project.left.message);
    const task = await tx.tasks.insert({
      projectId: project.right.id,
      name: 'train',
      commandTemplate: null,
      requirements: DEFAULT_REQUIREMENTS,
      maxAttempts: 3,
      retryOnFailure: false,
      timeoutSeconds: null,
      retention: null,
      createdAt: T0,
      updatedAt: T0,
    });
    if (E.isLeft(task)) throw new Error(task.left.message);
    return { projectId: project.right.id, taskId: task.right.id };
  });

/** Runs `scripts/<name>` in a separate Node process under tsx. */
export const spawnScript = (name: string, args: readonly string[]): ChildProcessWithoutNullStreams =>
  spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(`./scripts/${name}`, import.meta.url)), ...args], {
    stdio: 'pipe',
  });

/** Resolves with the child's output once `line` appears on its stdout (rejects if it exits first). */
export const waitForLine = (child: ChildProcessWithoutNullStreams, line: string): Promise<void> =>
  new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.split('\n').includes(line)) {
        child.stdout.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before '${line}': ${out}${err}`)));
  });

/** Everything the child prints, and its exit code, once it exits. */
export const outcome = (child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });

export const exited = (child: ChildProcessWithoutNullStreams): Promise<void> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/**
 * Registers `body` twice: on a fresh PGlite directory, and on a fresh PostgreSQL database of the
 * test server (skipped, saying so, when none is set). Each gets its own database, removed after.
 */
export const onBothDatabases = (title: string, body: (t: ExecutionContext, config: DatabaseConfig) => Promise<void>, postgres: { poolSize?: number } = {}): void => {
  test(`PGlite: ${title}`, async (t) => {
    const dir = await tempDir();
    try {
      await body(t, { kind: 'pglite', dataDir: dir.path });
    } finally {
      await dir.remove();
    }
  });
  const serverUrl = process.env[TEST_SERVER_ENV];
  if (serverUrl === undefined || serverUrl === '') {
    test.skip(`PostgreSQL: ${title} (set ${TEST_SERVER_ENV} to run it)`, () => {});
    return;
  }
  test(`PostgreSQL: ${title}`, async (t) => {
    const database = await createScratchDatabase(serverUrl);
    try {
      await body(t, { kind: 'postgres', url: database.url, ...postgres });
    } finally {
      await database.drop();
    }
  });
};
