import test from 'ava';
import type { UseCases } from '../../src/application/use-cases.js';
import type { WorkerIdentity } from '../../src/domain/worker.js';
import { claim, getJob, LEASE_SECONDS, leftTagged, right, seed, spec, submit, T0, withHarness } from './harness.js';

const identity = (id: string, overrides: Partial<WorkerIdentity> = {}): WorkerIdentity => ({
  id,
  name: `worker ${id}`,
  entity: 'lab',
  description: null,
  resources: { cpu: 8, accelerators: 2, memoryMb: 16_384 },
  ...overrides,
});

const register = async (uc: UseCases, id: string, overrides: Partial<WorkerIdentity> = {}) =>
  right(await uc.registerWorker.execute(identity(id, overrides)));

const ALL = { limit: 100, offset: 0 };

test(
  'register stores the worker active, stamped with the clock',
  withHarness(async (t, { uc }) => {
    const worker = await register(uc, 'gpu-node_01', { description: 'the big one' });
    t.like(worker, { ...identity('gpu-node_01', { description: 'the big one' }), active: true });
    t.is(worker.createdAt.getTime(), T0.getTime());
    t.is(worker.lastHeartbeat.getTime(), T0.getTime());
    t.deepEqual(right(await uc.getWorker.execute('gpu-node_01')), worker);
  }),
);

test(
  'registering a known id again refreshes it, reactivates it and keeps createdAt',
  withHarness(async (t, { uc, clock }) => {
    await register(uc, 'w1');
    right(await uc.updateWorker.deactivate('w1'));
    t.false(right(await uc.getWorker.execute('w1')).active);
    const at = clock.advanceSeconds(300);
    const again = await register(uc, 'w1', { name: 'renamed', resources: { cpu: 2, accelerators: 0, memoryMb: 0 } });
    t.like(again, { id: 'w1', name: 'renamed', active: true, resources: { cpu: 2, accelerators: 0, memoryMb: 0 } });
    t.is(again.createdAt.getTime(), T0.getTime());
    t.is(again.lastHeartbeat.getTime(), at.getTime());
    t.deepEqual(right(await uc.getWorker.execute('w1')), again);
    t.is(right(await uc.listWorkers.execute(false, ALL)).length, 1);
  }),
);

test(
  'an invalid id is ValidationFailed and nothing is stored',
  withHarness(async (t, { uc }) => {
    for (const id of ['', 'has space', 'a/b', 'é', 'x'.repeat(129)]) {
      const error = leftTagged(t, await uc.registerWorker.execute(identity(id)), 'ValidationFailed');
      t.is(error.field, 'id');
    }
    await register(uc, 'x'.repeat(128));
    t.is(right(await uc.listWorkers.execute(false, ALL)).length, 1);
  }),
);

test(
  'update changes resources field by field; invalid values are refused; unknown id is WorkerNotFound',
  withHarness(async (t, { uc }) => {
    await register(uc, 'w1');
    const updated = right(await uc.updateWorker.execute('w1', { resources: { accelerators: 4 } }));
    t.deepEqual(updated.resources, { cpu: 8, accelerators: 4, memoryMb: 16_384 });
    t.deepEqual(right(await uc.getWorker.execute('w1')).resources, { cpu: 8, accelerators: 4, memoryMb: 16_384 });
    const error = leftTagged(t, await uc.updateWorker.execute('w1', { resources: { cpu: -1 } }), 'ValidationFailed');
    t.is(error.field, 'available_cpu');
    leftTagged(t, await uc.updateWorker.execute('w1', { resources: { memoryMb: 1.5 } }), 'ValidationFailed');
    t.deepEqual(right(await uc.getWorker.execute('w1')).resources, { cpu: 8, accelerators: 4, memoryMb: 16_384 });
    leftTagged(t, await uc.updateWorker.execute('ghost', { resources: { cpu: 1 } }), 'WorkerNotFound');
    leftTagged(t, await uc.updateWorker.deactivate('ghost'), 'WorkerNotFound');
  }),
);

test(
  'heartbeat refreshes the worker, returns the jobs it holds and extends their leases',
  withHarness(async (t, { uc, clock }) => {
    await register(uc, 'w1');
    await register(uc, 'w2');
    const { project, task } = await seed(uc);
    const [a, b, c, d] = await submit(uc, project.id, [spec(task.id, { priority: 4 }), spec(task.id, { priority: 3 }), spec(task.id, { priority: 2 }), spec(task.id, { priority: 1 })]);
    await claim(uc, project.id, { owner: 'w1' });
    await claim(uc, project.id, { owner: 'w2' });
    await claim(uc, project.id, { owner: 'w1' });
    right(await uc.reportProgress.start(c!.id, 'w1'));
    await claim(uc, project.id, { owner: 'w1' });
    right(await uc.reportProgress.start(d!.id, 'w1'));
    right(await uc.reportProgress.complete(d!.id, 'w1'));

    const at = clock.advanceSeconds(45);
    const beat = right(await uc.workerHeartbeat.execute('w1'));
    t.deepEqual(beat.heldJobIds, [a!.id, c!.id], 'QUEUED and RUNNING jobs of w1 only, ascending');
    const expiry = at.getTime() + LEASE_SECONDS * 1000;
    t.is(beat.leaseExpiresAt.getTime(), expiry);
    for (const id of [a!.id, c!.id]) t.is((await getJob(uc, id)).lease?.expiresAt?.getTime(), expiry);
    t.is((await getJob(uc, b!.id)).lease?.expiresAt?.getTime(), T0.getTime() + LEASE_SECONDS * 1000, "w2's lease is untouched");
    t.is(right(await uc.getWorker.execute('w1')).lastHeartbeat.getTime(), at.getTime());
    t.is(right(await uc.getWorker.execute('w2')).lastHeartbeat.getTime(), T0.getTime());

    // w2 did not beat: its claim expires, w1's do not.
    clock.advanceSeconds(LEASE_SECONDS - 45);
    t.deepEqual(
      (await uc.expireLeases.execute()).map((j) => j.id),
      [b!.id],
    );
    t.deepEqual(right(await uc.workerHeartbeat.execute('w2')).heldJobIds, []);
    leftTagged(t, await uc.workerHeartbeat.execute('ghost'), 'WorkerNotFound');
  }),
);

test(
  'deactivate, then list active only or all, in creation order',
  withHarness(async (t, { uc, clock }) => {
    await register(uc, 'c');
    clock.advanceSeconds(1);
    await register(uc, 'a');
    clock.advanceSeconds(1);
    await register(uc, 'b');
    const off = right(await uc.updateWorker.deactivate('a'));
    t.false(off.active);
    t.deepEqual(
      right(await uc.listWorkers.execute(false, ALL)).map((w) => [w.id, w.active]),
      [
        ['c', true],
        ['a', false],
        ['b', true],
      ],
    );
    t.deepEqual(
      right(await uc.listWorkers.execute(true, ALL)).map((w) => w.id),
      ['c', 'b'],
    );
    t.deepEqual(
      right(await uc.listWorkers.execute(false, { limit: 1, offset: 1 })).map((w) => w.id),
      ['a'],
    );
    leftTagged(t, await uc.listWorkers.execute(true, { limit: 0, offset: 0 }), 'ValidationFailed');
    leftTagged(t, await uc.listWorkers.execute(true, { limit: 10_001, offset: 0 }), 'ValidationFailed');
    // A heartbeat does not reactivate; registering does.
    right(await uc.workerHeartbeat.execute('a'));
    t.false(right(await uc.getWorker.execute('a')).active);
  }),
);

test(
  'delete forgets the worker; its claims keep their leases until they expire; unknown id is WorkerNotFound',
  withHarness(async (t, { uc, clock }) => {
    await register(uc, 'w1');
    const { project, task } = await seed(uc);
    const [job] = await submit(uc, project.id, [spec(task.id)]);
    await claim(uc, project.id, { owner: 'w1' });
    right(await uc.deleteWorker.execute('w1'));
    leftTagged(t, await uc.getWorker.execute('w1'), 'WorkerNotFound');
    leftTagged(t, await uc.workerHeartbeat.execute('w1'), 'WorkerNotFound');
    t.deepEqual(right(await uc.listWorkers.execute(false, ALL)), []);
    t.like(await getJob(uc, job!.id), { status: 'QUEUED', lease: { owner: 'w1' } });
    clock.advanceSeconds(LEASE_SECONDS);
    t.deepEqual(
      (await uc.expireLeases.execute()).map((j) => [j.id, j.status]),
      [[job!.id, 'PENDING']],
    );
    leftTagged(t, await uc.deleteWorker.execute('w1'), 'WorkerNotFound');
    const missing = leftTagged(t, await uc.getWorker.execute('nobody'), 'WorkerNotFound');
    t.is(missing.workerId, 'nobody');
  }),
);

/*
 * BUG (reported): RegisterWorker stores any resources, while UpdateWorker refuses the same values
 * (`validateCount` on available_cpu / available_accelerators / available_memory_mb). `register`
 * in src/domain/worker.ts validates only the id. Expected: ValidationFailed, nothing stored.
 */
test(
  'register refuses resources that update refuses (negative or fractional counts)',
  withHarness(async (t, { uc }) => {
    for (const resources of [
      { cpu: -1, accelerators: 0, memoryMb: 0 },
      { cpu: 1, accelerators: 0.5, memoryMb: 0 },
      { cpu: 1, accelerators: 0, memoryMb: -512 },
    ]) {
      leftTagged(t, await uc.registerWorker.execute(identity('w1', { resources })), 'ValidationFailed');
    }
    t.deepEqual(right(await uc.listWorkers.execute(false, ALL)), []);
  }),
);
