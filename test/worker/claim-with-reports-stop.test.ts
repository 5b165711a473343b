import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import type { ClaimedJob, JobSource, WantedJobs } from '../../src/application/ports/job-source.port.js';
import { FunctionExecutor } from '../../src/adapters/worker/executors/function-executor.js';
import { DEFAULT_WORKER_SETTINGS } from '../../src/adapters/worker/worker-settings.js';
import { Worker } from '../../src/adapters/worker/worker.js';

const REQUIREMENTS = { cpu: 1, accelerators: 0, memoryMb: 0 };
const claimed = (id: number): ClaimedJob => ({
  job: { id, name: `j${id}`, projectId: 1, taskId: 1, parameters: '{}', priority: 0, requirements: REQUIREMENTS },
  task: { id: 1, name: 'noop', commandTemplate: null, requirements: REQUIREMENTS, timeoutSeconds: null },
});

test('jobs a claim made with a report brings once the worker was told to stop go back to the queue, unrun', async (t) => {
  let handedOut = false;
  let askedAlong!: (wanted: WantedJobs) => void;
  const asked = new Promise<WantedJobs>((resolve) => (askedAlong = resolve));
  let answerAlong!: (jobs: readonly ClaimedJob[]) => void;
  const released: number[] = [];
  const source: JobSource = {
    register: async () => {},
    claim: async (_wanted, _waitMs, abort) => {
      if (handedOut) return new Promise<readonly ClaimedJob[]>((resolve) => abort?.addEventListener('abort', () => resolve([]), { once: true }));
      handedOut = true;
      return [claimed(1)];
    },
    claimWithReports: (wanted) => {
      askedAlong(wanted);
      return new Promise((resolve) => (answerAlong = resolve));
    },
    start: async () => E.right('RUNNING'),
    complete: async () => E.right('COMPLETED'),
    fail: async () => E.right('FAILED'),
    release: async (jobId) => {
      released.push(jobId);
      return E.right('PENDING');
    },
    heartbeat: async () => [],
    deactivate: async () => {},
  };
  const ran: number[] = [];
  const worker = new Worker(source, new FunctionExecutor({ noop: ({ jobId }) => void ran.push(jobId) }), {
    ...DEFAULT_WORKER_SETTINGS,
    concurrency: 1,
    prefetch: 1,
    heartbeatIntervalMs: 60_000,
  });
  const running = worker.run();
  // The first job's completion frees its slot: the claim of the next rides with its report.
  t.like(await asked, { limit: 1, fit: 'each' });
  const stopped = worker.stop();
  answerAlong([claimed(2)]);
  await stopped;
  await running;
  t.deepEqual(ran, [1]);
  t.deepEqual(released, [2]);
});
