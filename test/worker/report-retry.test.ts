import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import type { ClaimedJob, JobSource } from '../../src/application/ports/job-source.port.js';
import { FunctionExecutor } from '../../src/adapters/worker/executors/function-executor.js';
import { Worker } from '../../src/adapters/worker/worker.js';
import type { WorkerEvent } from '../../src/adapters/worker/worker-events.js';
import { DEFAULT_WORKER_SETTINGS } from '../../src/adapters/worker/worker-settings.js';

const REQUIREMENTS = { cpu: 1, accelerators: 0, memoryMb: 0 };
const claimed = (id: number): ClaimedJob => ({
  job: { id, name: `j${id}`, projectId: 1, taskId: 1, parameters: '{}', priority: 0, requirements: REQUIREMENTS },
  task: { id: 1, name: 'noop', commandTemplate: null, requirements: REQUIREMENTS, timeoutSeconds: null },
});

/** A source with one job whose completion report throws `failures` times (an outage) before it goes through. */
const flakySource = (failures: number, onComplete: () => void) => {
  let handedOut = false;
  let completions = 0;
  const source: JobSource = {
    register: async () => {},
    claim: async (_wanted, _waitMs, abort) => {
      // Nothing more to hand out: wait until the worker stops waiting.
      if (handedOut) return new Promise<readonly ClaimedJob[]>((resolve) => abort?.addEventListener('abort', () => resolve([]), { once: true }));
      handedOut = true;
      return [claimed(1)];
    },
    claimWithReports: async () => [],
    start: async () => E.right('RUNNING'),
    complete: async () => {
      completions++;
      if (completions <= failures) throw new Error(`server unreachable (${completions})`);
      onComplete();
      return E.right('COMPLETED');
    },
    fail: async () => E.right('FAILED'),
    release: async () => E.right('PENDING'),
    heartbeat: async () => [],
    deactivate: async () => {},
  };
  return { source, completions: () => completions };
};

test('a report that fails is retried with backoff, each failure told to the listener, until it goes through', async (t) => {
  const events: WorkerEvent[] = [];
  let done!: () => void;
  const completed = new Promise<void>((resolve) => (done = resolve));
  const { source, completions } = flakySource(2, () => done());
  const worker = new Worker(source, new FunctionExecutor({ noop: () => {} }), { ...DEFAULT_WORKER_SETTINGS, heartbeatIntervalMs: 60_000 }, (event) => events.push(event));
  const running = worker.run();
  await completed;
  await new Promise((resolve) => setImmediate(resolve));
  t.is(completions(), 3);
  t.deepEqual(
    events.filter((event) => event.type === 'error'),
    [
      { type: 'error', message: 'report failed: server unreachable (1)' },
      { type: 'error', message: 'report failed: server unreachable (2)' },
    ],
  );
  t.deepEqual(events.filter((event) => event.type === 'completed'), [{ type: 'completed', jobId: 1 }]);
  await worker.stop();
  await running;
});
