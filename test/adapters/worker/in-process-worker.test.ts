import test from 'ava';
import { createWhatsNext } from '../../../src/bin/create-whatsnext.js';
import type { WorkerEvent } from '../../../src/adapters/worker/worker-events.js';
import { ok } from '../../support/ok.js';

const setup = async (task: Parameters<Awaited<ReturnType<typeof createWhatsNext>>['createTask']>[1]) => {
  const wn = await createWhatsNext({ database: 'memory', leaseSeconds: 60 });
  const project = ok(await wn.createProject('worker-tests'));
  const created = ok(await wn.createTask(project.id, task));
  return { wn, projectId: project.id, taskId: created.id };
};

const until = async (condition: () => boolean | Promise<boolean>, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

test('a worker with 4 accelerators runs 2-accelerator jobs two at a time on disjoint devices', async (t) => {
  const { wn, projectId, taskId } = await setup({ name: 'gpu', accelerators: 2, cpu: 1 });
  const jobs = ok(await wn.submit(projectId, Array.from({ length: 6 }, (_, i) => ({ name: `gpu-${i}`, taskId }))));
  let running = 0;
  let peak = 0;
  const devicesInUse = new Set<number>();
  const clashes: string[] = [];
  await wn.startWorker({
    projectId,
    cpu: 8,
    accelerators: 4,
    concurrency: 8,
    handlers: {
      gpu: async ({ acceleratorIndices }) => {
        for (const device of acceleratorIndices) {
          if (devicesInUse.has(device)) clashes.push(`device ${device} given twice`);
          devicesInUse.add(device);
        }
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 40));
        running--;
        for (const device of acceleratorIndices) devicesInUse.delete(device);
        if (acceleratorIndices.length !== 2) clashes.push(`got ${acceleratorIndices.length} devices`);
      },
    },
  });
  const done = await wn.waitFor(jobs.map((j) => j.id), { timeoutMs: 10_000 });
  await wn.close();
  t.deepEqual(done.map((j) => j.status), Array(6).fill('COMPLETED'));
  t.is(peak, 2);
  t.deepEqual(clashes, []);
});

test('concurrency caps how many jobs run at once even when capacity allows more', async (t) => {
  const { wn, projectId, taskId } = await setup({ name: 'light', cpu: 1 });
  const jobs = ok(await wn.submit(projectId, Array.from({ length: 9 }, (_, i) => ({ name: `j${i}`, taskId }))));
  let running = 0;
  let peak = 0;
  await wn.startWorker({
    projectId,
    cpu: 16,
    concurrency: 3,
    handlers: {
      light: async () => {
        peak = Math.max(peak, ++running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
      },
    },
  });
  await wn.waitFor(jobs.map((j) => j.id), { timeoutMs: 10_000 });
  await wn.close();
  t.is(peak, 3);
});

test('a job that exceeds its task timeout is stopped and FAILED with the reason', async (t) => {
  const { wn, projectId, taskId } = await setup({ name: 'slow', timeoutSeconds: 0.1 });
  const [job] = ok(await wn.submit(projectId, [{ name: 'sleeper', taskId }]));
  let sawStop = false;
  await wn.startWorker({
    projectId,
    handlers: {
      slow: ({ signal }) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => ((sawStop = true), resolve()));
        }),
    },
  });
  const [settled] = await wn.waitFor([job!.id], { timeoutMs: 5_000 });
  await wn.close();
  t.is(settled!.status, 'FAILED');
  t.regex(settled!.failureReason ?? '', /timed out after 0.1s/);
  t.true(sawStop);
});

test('cancelling a running job stops it at the next heartbeat and its result is dropped', async (t) => {
  const { wn, projectId, taskId } = await setup({ name: 'long' });
  const [job] = ok(await wn.submit(projectId, [{ name: 'long-one', taskId }]));
  const events: WorkerEvent[] = [];
  let started = false;
  await wn.startWorker({
    projectId,
    heartbeatIntervalMs: 20,
    onEvent: (event) => events.push(event),
    handlers: {
      long: ({ signal }) =>
        new Promise<void>((resolve) => {
          started = true;
          signal.addEventListener('abort', () => resolve());
        }),
    },
  });
  await until(() => started);
  ok(await wn.useCases.cancelJob.execute(job!.id));
  await until(() => events.some((e) => e.type === 'dropped'));
  const after = ok(await wn.useCases.getJob.execute(job!.id));
  await wn.close();
  t.is(after.status, 'CANCELLED');
  t.false(events.some((e) => e.type === 'completed'));
});

test('a failing handler fails the job with its message, and blocks its dependents', async (t) => {
  const { wn, projectId, taskId } = await setup({ name: 'explode' });
  const jobs = ok(
    await wn.submit(projectId, [
      { key: 'a', name: 'a', taskId },
      { name: 'b', taskId, dependsOn: [{ key: 'a' }] },
    ]),
  );
  await wn.startWorker({ projectId, handlers: { explode: () => Promise.reject(new Error('boom')) } });
  const [a, b] = await wn.waitFor(jobs.map((j) => j.id), { timeoutMs: 5_000 });
  await wn.close();
  t.is(a!.status, 'FAILED');
  t.is(a!.failureReason, 'boom');
  t.is(b!.status, 'BLOCKED');
  t.is(b!.blockedBy, a!.id);
});

test('a job for a task without a handler fails with a reason naming the task', async (t) => {
  const { wn, projectId, taskId } = await setup({ name: 'unhandled' });
  const [job] = ok(await wn.submit(projectId, [{ name: 'x', taskId }]));
  await wn.startWorker({ projectId, handlers: {} });
  const [settled] = await wn.waitFor([job!.id], { timeoutMs: 5_000 });
  await wn.close();
  t.is(settled!.status, 'FAILED');
  t.is(settled!.failureReason, "no handler for task 'unhandled'");
});

test('stopping a worker past its grace period releases the running job back to the queue', async (t) => {
  const { wn, projectId, taskId } = await setup({ name: 'stubborn' });
  const [job] = ok(await wn.submit(projectId, [{ name: 'stubborn-one', taskId }]));
  let started = false;
  const worker = await wn.startWorker({
    projectId,
    shutdownGraceMs: 30,
    handlers: {
      stubborn: ({ signal }) =>
        new Promise<void>((resolve) => {
          started = true;
          signal.addEventListener('abort', () => resolve());
        }),
    },
  });
  await until(() => started);
  await worker.stop();
  const after = ok(await wn.useCases.getJob.execute(job!.id));
  await wn.close();
  t.is(after.status, 'PENDING');
  t.is(after.attempts, 0, 'a release charges no attempt');
  t.is(after.lease, null);
});

test('an idle worker wakes at once when a job is submitted (long-poll, not polling)', async (t) => {
  const { wn, projectId, taskId } = await setup({ name: 'quick' });
  let startedAt = 0;
  await wn.startWorker({ projectId, pollIntervalMs: 10_000, handlers: { quick: () => void (startedAt = Date.now()) } });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const submittedAt = Date.now();
  const [job] = ok(await wn.submit(projectId, [{ name: 'q', taskId }]));
  await wn.waitFor([job!.id], { timeoutMs: 5_000 });
  await wn.close();
  // Behaviour, not speed: a polling worker would wait out its 10 s interval.
  t.true(startedAt - submittedAt < 5_000, `started ${startedAt - submittedAt} ms after submission`);
});

test('prefetch holds jobs ahead of free slots (QUEUED, leased), still runs at most `concurrency`, and never overcommits cpu', async (t) => {
  const { wn, projectId, taskId } = await setup({ name: 'mixed', cpu: 1 });
  const heavy = ok(await wn.createTask(projectId, { name: 'heavy', cpu: 3 }));
  const specs = Array.from({ length: 30 }, (_, i) => ({ name: `j${i}`, taskId: i % 3 === 0 ? heavy.id : taskId }));
  const jobs = ok(await wn.submit(projectId, specs));
  let running = 0;
  let cpuInUse = 0;
  let peakRunning = 0;
  let peakCpu = 0;
  let peakHeld = 0;
  const gate = { open: false };
  const run = (cpu: number) => async () => {
    running++;
    cpuInUse += cpu;
    peakRunning = Math.max(peakRunning, running);
    peakCpu = Math.max(peakCpu, cpuInUse);
    while (!gate.open) await new Promise((resolve) => setTimeout(resolve, 5));
    running--;
    cpuInUse -= cpu;
  };
  await wn.startWorker({ projectId, cpu: 4, concurrency: 3, prefetch: 5, handlers: { mixed: run(1), heavy: run(3) } });
  await until(async () => {
    const held = (await Promise.all(jobs.map((job) => wn.useCases.getJob.execute(job.id)))).filter(
      (job) => job._tag === 'Right' && (job.right.status === 'QUEUED' || job.right.status === 'RUNNING'),
    );
    peakHeld = Math.max(peakHeld, held.length);
    return held.length >= 6;
  });
  gate.open = true;
  const done = await wn.waitFor(jobs.map((job) => job.id), { timeoutMs: 10_000 });
  await wn.close();
  t.deepEqual(done.map((job) => job.status), Array(30).fill('COMPLETED'));
  t.true(peakHeld > 3, `held ${peakHeld} jobs at most`);
  t.true(peakHeld <= 3 + 5, `held ${peakHeld} jobs at most`);
  t.true(peakRunning <= 3, `ran ${peakRunning} at once`);
  t.true(peakCpu <= 4, `used ${peakCpu} cpus at once`);
  t.true(done.every((job) => job.attempts === 1));
});

test('stopping a worker gives its prefetched jobs back to the queue without charging an attempt', async (t) => {
  const { wn, projectId, taskId } = await setup({ name: 'wait' });
  const jobs = ok(await wn.submit(projectId, Array.from({ length: 8 }, (_, i) => ({ name: `w${i}`, taskId }))));
  const started: number[] = [];
  const worker = await wn.startWorker({
    projectId,
    concurrency: 1,
    prefetch: 4,
    shutdownGraceMs: 2_000,
    handlers: { wait: async ({ jobId }) => (started.push(jobId), await new Promise((resolve) => setTimeout(resolve, 200))) },
  });
  await until(() => started.length >= 1);
  await worker.stop();
  const after = await Promise.all(jobs.map(async (job) => ok(await wn.useCases.getJob.execute(job.id))));
  await wn.close();
  t.false(after.some((job) => job.status === 'QUEUED' || job.status === 'RUNNING'), after.map((job) => job.status).join(' '));
  for (const job of after) t.is(job.attempts, job.status === 'COMPLETED' ? 1 : 0, `job ${job.id} ${job.status}`);
  t.is(after.filter((job) => job.status === 'COMPLETED').length, 1);
  t.is(after.filter((job) => job.status === 'PENDING').length, 7);
});

test('a worker refuses a concurrency or prefetch that is not a whole number, naming it', async (t) => {
  const { wn, projectId } = await setup({ name: 'never' });
  await t.throwsAsync(wn.startWorker({ projectId, prefetch: 62.5, handlers: {} }), { message: /prefetch must be a whole number of at least 0, not 62.5/ });
  await t.throwsAsync(wn.startWorker({ projectId, concurrency: 0, handlers: {} }), { message: /concurrency must be a whole number of at least 1, not 0/ });
  await wn.close();
});

test('embedded: createProject and createTask take a retention in its written form, and refuse a malformed one', async (t) => {
  const wn = await createWhatsNext({ database: 'memory', leaseSeconds: 60, retentionSweepMs: 0 });
  try {
    t.like(ok(await wn.createProject('kept', '', { retention: '30d' })), { retention: { _tag: 'KeepFor', seconds: 30 * 86_400 } });
    const project = ok(await wn.createProject('plain'));
    t.like(project, { retention: { _tag: 'KeepForever' } });
    t.like(ok(await wn.createTask(project.id, { name: 'train', retention: 'remove_on_complete' })), { retention: { _tag: 'RemoveOnComplete' } });
    const refused = await wn.createTask(project.id, { name: 'bad', retention: '1 week' });
    t.like(refused, { _tag: 'Left', left: { _tag: 'ValidationFailed', field: 'retention' } });
  } finally {
    await wn.close();
  }
});
