import test, { type ExecutionContext } from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import type { ClaimRequest } from '../../src/application/ports/queue.port.js';
import type { Store, StoreTransaction } from '../../src/application/ports/store.port.js';
import type { Job } from '../../src/domain/job.js';
import type { Project } from '../../src/domain/project.js';
import type { Task } from '../../src/domain/task.js';
import { newProject, newTask } from './fixtures.js';

export type OpenStore = () => Promise<{ store: Store; dispose: () => Promise<void> }>;

/** Registers one contract test: a fresh store per test, always disposed. */
export type Check = (title: string, body: (t: ExecutionContext, store: Store) => Promise<void>) => void;

export const checker =
  (name: string, open: OpenStore): Check =>
  (title, body) =>
    // Serial: database adapters may share one server between the tests of a file.
    test.serial(`${name}: ${title}`, async (t) => {
      const { store, dispose } = await open();
      try {
        await body(t, store);
      } finally {
        await dispose();
      }
    });

export const right = <L, A>(either: E.Either<L, A>): A => {
  if (E.isLeft(either)) throw new Error(`expected Right, got Left: ${JSON.stringify(either.left)}`);
  return either.right;
};

/** Runs `work` in a transaction that commits. */
/** The first ready job that fits, claimed; null when none is ready. */
export const claimOne = async (tx: StoreTransaction, request: ClaimRequest): Promise<Job | null> => (await tx.queue.claim(request, 1))[0] ?? null;

export const inTx = async <A>(store: Store, work: (tx: StoreTransaction) => Promise<A>): Promise<A> =>
  right(await store.transaction<never, A>(async (tx) => E.right(await work(tx))));

/** Runs `work` in a transaction that ends Left, so it rolls back. */
export const rolledBack = async (store: Store, work: (tx: StoreTransaction) => Promise<void>): Promise<void> => {
  const result = await store.transaction<'undo', void>(async (tx) => {
    await work(tx);
    return E.left('undo');
  });
  if (E.isRight(result)) throw new Error('expected the transaction to end Left');
};

export interface Seed {
  readonly project: Project;
  readonly task: Task;
}

/** A project with one task, the setting most job tests need. */
export const seed = async (tx: StoreTransaction, projectName = 'lab'): Promise<Seed> => {
  const project = right(await tx.projects.insert(newProject(projectName)));
  const task = right(await tx.tasks.insert(newTask(project.id, 'train')));
  return { project, task };
};

/**
 * A comparable copy: dates as epoch milliseconds, dependencies sorted, keys sorted, so that
 * stores returning their own object shapes compare equal by value.
 */
export const plain = (value: unknown): unknown => {
  if (value instanceof Date) return { epochMs: value.getTime() };
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, key === 'dependencies' && Array.isArray(record[key]) ? [...(record[key] as number[])].sort((a, b) => a - b) : plain(record[key])]),
    );
  }
  return value;
};

export const ids = (jobs: readonly Pick<Job, 'id'>[]): number[] => jobs.map((job) => job.id);

export const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
