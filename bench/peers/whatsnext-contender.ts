import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import { createWhatsNext } from '../../src/bin/create-whatsnext.js';
import type { Contender, OpenQueue, Payload } from './contender.js';

const orThrow = <A>(result: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

/** How many jobs a worker holds ahead of its free slots in the bench (the worker's `prefetch`). */
export const BENCH_PREFETCH = 500;

/**
 * WhatsNext embedded (`createWhatsNext`) on PostgreSQL: one in-process worker with `concurrency`
 * slots and a prefetch, running a function per job. `retention` is the project's: `keep` (the
 * default: every finished job stays, as in pg-boss) or `remove_on_complete` (a job goes as it
 * completes, as in graphile-worker).
 */
const whatsNextWith = (name: string, retention: 'keep' | 'remove_on_complete'): Contender => ({
  name,
  settings: `createWhatsNext({ database: url }), createProject('bench', '', { retention: '${retention}' }), startWorker({ concurrency, prefetch: ${BENCH_PREFETCH} })`,
  async open(url: string): Promise<OpenQueue> {
    const wn = await createWhatsNext({ database: url });
    const project = orThrow(await wn.createProject('bench', '', { retention }));
    const task = orThrow(await wn.createTask(project.id, { name: 'noop' }));
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    const spec = (payload: Payload) => ({ taskId: task.id, name: `job-${payload.i}`, parameters: payload });
    return {
      async enqueueMany(payloads) {
        orThrow(await wn.submit(project.id, payloads.map(spec)));
      },
      async enqueueOne(payload) {
        orThrow(await wn.submit(project.id, [spec(payload)]));
      },
      async startWorkers(concurrency, handler) {
        const worker = await wn.startWorker({
          projectId: project.id,
          concurrency,
          prefetch: BENCH_PREFETCH,
          cpu: concurrency,
          pollIntervalMs: 5_000,
          handlers: { noop: ({ parameters }) => handler(parameters as unknown as Payload) },
        });
        return { stop: () => worker.stop() };
      },
      async unfinished() {
        // Removed jobs are done; kept ones are done once COMPLETED.
        const { rows } = await probe.query<{ n: string }>(`SELECT count(*) AS n FROM jobs WHERE status <> 'COMPLETED'`);
        return Number(rows[0]!.n);
      },
      async close() {
        await probe.end();
        await wn.close();
      },
    };
  },
});

/** Keeps every finished job: compare with pg-boss, which keeps them too. */
export const whatsNext = whatsNextWith('WhatsNext', 'keep');
/** Deletes a job as it completes: compare with graphile-worker, which does the same. */
export const whatsNextRemoving = whatsNextWith('WhatsNext remove-on-complete', 'remove_on_complete');
