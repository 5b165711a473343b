import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import type { MikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/mikro-orm-store.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import type { Job } from '../../../src/domain/job.js';
import { complete, start, type TransitionError } from '../../../src/domain/job-transitions.js';
import { UNLIMITED_OFFER } from '../../../src/domain/resources.js';
import { createScratchDatabase, TEST_SERVER_ENV, type ScratchDatabase } from '../../contract/database-fixture.js';
import { randomDag, readyBatch, seededRandom } from './job-batches.js';
import { claimOne, inTx, seedLab } from './persistence-kit.js';

const serverUrl = process.env[TEST_SERVER_ENV];

/** `count` stores on one scratch database, each with a single connection: as many clients as processes. */
const openClients = async (database: ScratchDatabase, count: number): Promise<MikroOrmStore[]> => {
  const first = await openMikroOrmStore({ kind: 'postgres', url: database.url, poolSize: 1 });
  const rest = await Promise.all(Array.from({ length: count - 1 }, () => openMikroOrmStore({ kind: 'postgres', url: database.url, poolSize: 1 })));
  return [first, ...rest];
};

const claimFor = (store: MikroOrmStore, projectId: number, owner: string): Promise<Job | null> =>
  inTx(store, (tx) => claimOne(tx, { projectId, offer: UNLIMITED_OFFER, claimant: { owner, leaseSeconds: 300 }, now: new Date() }));

if (serverUrl === undefined || serverUrl === '') {
  test.skip(`concurrency on PostgreSQL (set ${TEST_SERVER_ENV} to run it)`, () => {});
} else {
  test('16 claimers on their own connections claim each of 10,000 ready jobs exactly once', async (t) => {
    const database = await createScratchDatabase(serverUrl);
    const clients: MikroOrmStore[] = [];
    try {
      clients.push(...(await openClients(database, 16)));
      const { projectId, taskId } = await seedLab(clients[0]!);
      const jobs = await inTx(clients[0]!, (tx) => tx.jobs.insert(readyBatch(projectId, taskId, 10_000)));

      const started = Date.now();
      const claimedBy = await Promise.all(
        clients.map(async (client, index) => {
          const claimed: number[] = [];
          for (let job = await claimFor(client, projectId, `w${index}`); job !== null; job = await claimFor(client, projectId, `w${index}`)) {
            claimed.push(job.id);
          }
          return claimed;
        }),
      );
      const seconds = (Date.now() - started) / 1000;
      t.log(`${jobs.length} claims in ${seconds.toFixed(1)} s (${Math.round(jobs.length / seconds)}/s); per claimer: ${claimedBy.map((ids) => ids.length).join(' ')}`);

      const all = claimedBy.flat();
      t.is(all.length, jobs.length);
      t.is(new Set(all).size, jobs.length);
      t.deepEqual([...all].sort((a, b) => a - b), jobs.map((job) => job.id));
      // Each claimer got a share: the claims ran side by side, not one client after another.
      t.true(claimedBy.every((ids) => ids.length > 0));
      const stored = await inTx(clients[0]!, (tx) => tx.jobs.list({ projectId, taskId: null, status: null, limit: 20_000, offset: 0 }));
      t.true(stored.every((job) => job.status === 'QUEUED' && job.attempts === 1));
      const ownerOf = new Map(claimedBy.flatMap((ids, index) => ids.map((id) => [id, `w${index}`] as const)));
      t.true(stored.every((job) => job.lease?.owner === ownerOf.get(job.id)));
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await database.drop();
    }
  });

  test('8 workers complete a random DAG of 2,000 jobs: each exactly once, never before its dependencies', async (t) => {
    const database = await createScratchDatabase(serverUrl);
    const workers: MikroOrmStore[] = [];
    try {
      workers.push(...(await openClients(database, 8)));
      const { projectId, taskId } = await seedLab(workers[0]!);
      const dag = await inTx(workers[0]!, (tx) => tx.jobs.insert(randomDag(projectId, taskId, 2_000, 3, seededRandom(20261126))));
      const total = dag.length;
      let completed = 0;
      const completions: number[] = [];
      const early: string[] = [];

      const work = async (store: MikroOrmStore, owner: string): Promise<void> => {
        while (completed < total) {
          const claimed = await claimFor(store, projectId, owner);
          if (claimed === null) {
            // Everything ready is taken; what is left waits for jobs others are finishing.
            await new Promise((resolve) => setTimeout(resolve, 2));
            continue;
          }
          const result = await store.transaction<string | TransitionError, number>(async (tx) => {
            const job = await tx.jobs.getForUpdate(claimed.id);
            if (job === null) return E.left(`job ${claimed.id} vanished`);
            const unfinished = (await tx.jobs.getMany(job.dependencies)).filter((dependency) => dependency.status !== 'COMPLETED');
            if (unfinished.length > 0) early.push(`job ${job.id} ran before ${unfinished.map((d) => d.id).join(', ')}`);
            const now = new Date();
            const done = E.flatMap(start(job, owner, now), (running) => complete(running, owner, now));
            if (E.isLeft(done)) return done;
            await tx.jobs.update(done.right);
            await tx.jobs.satisfyDependents([job.id], now);
            return E.right(job.id);
          });
          if (E.isLeft(result)) throw new Error(typeof result.left === 'string' ? result.left : result.left.message);
          completions.push(result.right);
          completed += 1;
        }
      };
      const started = Date.now();
      await Promise.all(workers.map((store, index) => work(store, `w${index}`)));
      t.log(`${total} jobs (${dag.reduce((edges, job) => edges + job.dependencies.length, 0)} edges) completed in ${((Date.now() - started) / 1000).toFixed(1)} s`);

      t.deepEqual(early, []);
      t.is(completions.length, total);
      t.is(new Set(completions).size, total);
      const stored = await inTx(workers[0]!, (tx) => tx.jobs.list({ projectId, taskId: null, status: null, limit: 10_000, offset: 0 }));
      t.true(stored.every((job) => job.status === 'COMPLETED' && job.attempts === 1 && job.unmetDependencies === 0));
      const finishedAt = new Map(stored.map((job) => [job.id, job.finishedAt!.getTime()]));
      t.true(stored.every((job) => job.dependencies.every((dependency) => finishedAt.get(dependency)! <= finishedAt.get(job.id)!)));
    } finally {
      await Promise.all(workers.map((store) => store.close()));
      await database.drop();
    }
  });
}
