import { PgBoss } from 'pg-boss';
import pg from 'pg';
import type { Contender, OpenQueue, Payload } from './contender.js';

const QUEUE = 'noop';
const BATCH_SIZE = 100;

/**
 * pg-boss 12 with its documented throughput settings: batched fetches (`batchSize`) that fetch
 * again at once while batches come back full, `localConcurrency` workers, and LISTEN/NOTIFY
 * wake-ups (`useListenNotify` with a `notify` queue) over its shortest polling interval.
 */
export const pgBoss: Contender = {
  name: 'pg-boss',
  settings: `work({ localConcurrency, batchSize: ${BATCH_SIZE}, burstWhenBatchFull, pollingIntervalSeconds: 0.5 }), useListenNotify + queue notify`,
  async open(connectionString: string): Promise<OpenQueue> {
    const boss = new PgBoss({ connectionString, useListenNotify: true, max: 12 });
    boss.on('error', () => {});
    await boss.start();
    await boss.createQueue(QUEUE, { notify: true });
    const probe = new pg.Client({ connectionString });
    await probe.connect();
    return {
      async enqueueMany(payloads: readonly Payload[]) {
        await boss.insert(QUEUE, payloads.map((data) => ({ data })));
      },
      async enqueueOne(payload: Payload) {
        await boss.send(QUEUE, payload);
      },
      async startWorkers(concurrency, handler) {
        const id = await boss.work<Payload>(
          QUEUE,
          { localConcurrency: concurrency, batchSize: BATCH_SIZE, burstWhenBatchFull: true, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5 },
          async (jobs) => {
            for (const job of jobs) handler(job.data);
          },
        );
        return { stop: () => boss.offWork(QUEUE, { id }) };
      },
      async unfinished() {
        const { rows } = await probe.query<{ n: string }>(`SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND state < 'completed'`, [QUEUE]);
        return Number(rows[0]!.n);
      },
      async close() {
        await probe.end();
        await boss.stop({ graceful: false, timeout: 5_000 });
      },
    };
  },
};
