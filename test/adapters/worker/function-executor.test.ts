import test from 'ava';
import { FunctionExecutor, type JobContext, type JobHandler } from '../../../src/adapters/worker/executors/function-executor.js';
import type { RunContext } from '../../../src/application/ports/executor.port.js';
import { claimedJob } from '../../worker/executor-kit.js';

const context = (): RunContext => ({ acceleratorIndices: [2], stop: new AbortController().signal });
const runWith = (handler: JobHandler) => new FunctionExecutor({ probe: handler }).run(claimedJob(7, '{"lr": 0.5}'), context());
const failedWith = (reason: string) => ({ ok: false, exitCode: null, reason, logTail: null });

test('a handler that returns at once, or a value, succeeds; it gets the job, its parsed parameters and its accelerators', async (t) => {
  let seen: JobContext | null = null;
  t.deepEqual(
    await runWith((job) => {
      seen = job;
      return 42;
    }),
    { ok: true, logTail: null },
  );
  t.like(seen, { jobId: 7, jobName: 'job-7', taskName: 'probe', parameters: { lr: 0.5 }, parametersText: '{"lr": 0.5}', acceleratorIndices: [2] });
  t.deepEqual(await runWith(() => undefined), { ok: true, logTail: null });
});

test('a handler that resolves later succeeds once it resolves, a thenable included', async (t) => {
  let resolved = false;
  const outcome = await runWith(async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    resolved = true;
  });
  t.true(resolved);
  t.deepEqual(outcome, { ok: true, logTail: null });
  t.deepEqual(await runWith(() => ({ then: (onFulfilled: (value: unknown) => void) => onFulfilled('done') })), { ok: true, logTail: null });
});

test('a handler that throws at once, rejects, or throws a non-Error fails with its message', async (t) => {
  t.deepEqual(
    await runWith(() => {
      throw new Error('at once');
    }),
    failedWith('at once'),
  );
  t.deepEqual(await runWith(() => Promise.reject(new Error('later'))), failedWith('later'));
  t.deepEqual(
    await runWith(() => {
      throw 'a string';
    }),
    failedWith('a string'),
  );
  t.deepEqual(await runWith(() => ({ then: (_: unknown, onRejected: (error: unknown) => void) => onRejected(new Error('thenable')) })), failedWith('thenable'));
});

test('a task without a handler fails, naming the task; an inherited property is no handler', async (t) => {
  t.deepEqual(await new FunctionExecutor({}).run(claimedJob(1, '{}'), context()), failedWith("no handler for task 'probe'"));
  const inherited = Object.create({ probe: () => undefined }) as Record<string, JobHandler>;
  t.deepEqual(await new FunctionExecutor(inherited).run(claimedJob(1, '{}'), context()), failedWith("no handler for task 'probe'"));
});
