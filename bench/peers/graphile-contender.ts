import { makeWorkerUtils, run } from 'graphile-worker';
import pg from 'pg';
import type { Contender, OpenQueue, Payload } from './contender.js';

/**
 * graphile-worker 0.18 with the settings of its performance page: a local queue (jobs fetched in
 * batches) and batched completions (completeJobBatchDelay 0), one runner of `concurrency` slots.
 */
export const graphileWorker: Contender = {
  name: 'graphile-worker',
  settings: 'run({ concurrency }), localQueue.size 500, completeJobBatchDelay 0, failJobBatchDelay 0, LISTEN/NOTIFY',
  async open(connectionString: string): Promise<OpenQueue> {
    const utils = await makeWorkerUtils({ connectionString });
    await utils.migrate();
    const probe = new pg.Client({ connectionString });
    await probe.connect();
    return {
      async enqueueMany(payloads: readonly Payload[]) {
        await utils.addJobs(payloads.map((payload) => ({ identifier: 'noop', payload })));
      },
      async enqueueOne(payload: Payload) {
        await utils.addJob('noop', payload);
      },
      async startWorkers(concurrency, handler) {
        const runner = await run({
          connectionString,
          concurrency,
          noHandleSignals: true,
          pollInterval: 2_000,
          logger: quietLogger,
          taskList: { noop: async (payload) => handler(payload as Payload) },
          preset: { worker: { localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0, maxPoolSize: concurrency + 2 } },
        });
        return { stop: () => runner.stop() };
      },
      async unfinished() {
        const { rows } = await probe.query<{ n: string }>('SELECT count(*) AS n FROM graphile_worker._private_jobs');
        return Number(rows[0]!.n);
      },
      async close() {
        await probe.end();
        await utils.release();
      },
    };
  },
};

import { Logger } from 'graphile-worker';
const quietLogger = new Logger(() => () => {});
