import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type { StoreTransaction } from '../../src/application/ports/store.port.js';
import { claimOrder, type Job } from '../../src/domain/job.js';
import { claim, type Claimant } from '../../src/domain/job-transitions.js';
import { fits, UNLIMITED_OFFER, type Offer, type Requirements } from '../../src/domain/resources.js';
import { type Check, inTx, plain, rolledBack, right, seed, claimOne } from './contract-kit.js';
import { after, newJob, newProject, newTask, onJob } from './fixtures.js';

const claimant: Claimant = { owner: 'w1', leaseSeconds: 60 };

const claimId = async (tx: StoreTransaction, projectId: number, offer: Offer = UNLIMITED_OFFER): Promise<number | null> =>
  (await claimOne(tx, { projectId, offer, claimant, now: after(100) }))?.id ?? null;

const offer = (cpu: number | null, accelerators: number | null, memoryMb: number | null): Offer => ({ cpu, accelerators, memoryMb });

/** Claims: order, readiness, resources, the claimed fields, and the index following every change. */
export const claimContract = (check: Check): void => {
  check('claim of one: highest priority first, then lowest id; null when nothing is left', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const jobs = await tx.jobs.insert([0, 5, 5, -1, 10, 0].map((priority) => newJob(project.id, task.id, { priority })));
      const order = [4, 1, 2, 0, 5, 3].map((index) => jobs[index]!.id);
      const claimed: (number | null)[] = [];
      for (let i = 0; i <= order.length; i++) claimed.push(await claimId(tx, project.id));
      t.deepEqual(claimed, [...order, null]);
    });
  });

  check('claim of one: only ready jobs (PENDING with every dependency met) are claimed', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [a] = await tx.jobs.insert([newJob(project.id, task.id)]);
      const [b] = await tx.jobs.insert([newJob(project.id, task.id, { priority: 9, dependencies: [onJob(a!.id)] })]);
      const lease = { owner: 'w0', expiresAt: after(1000) };
      await tx.jobs.insert([
        newJob(project.id, task.id, { priority: 9, status: 'BLOCKED', blockedBy: a!.id }),
        newJob(project.id, task.id, { priority: 9, status: 'COMPLETED' }),
        newJob(project.id, task.id, { priority: 9, status: 'CANCELLED' }),
        newJob(project.id, task.id, { priority: 9, status: 'FAILED' }),
        newJob(project.id, task.id, { priority: 9, status: 'QUEUED', lease, attempts: 1 }),
        newJob(project.id, task.id, { priority: 9, status: 'RUNNING', lease, attempts: 1 }),
      ]);
      t.is(await claimId(tx, project.id), a!.id);
      t.is(await claimId(tx, project.id), null);
      await tx.jobs.satisfyDependents([a!.id], after(50));
      t.is(await claimId(tx, project.id), b!.id);
      t.is(await claimId(tx, project.id), null);
    });
  });

  check('claim of one: filters on resources (null = no filter, 0 = none available)', async (t, store) => {
    const { projectId, jobs } = await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const need = (priority: number, requirements: Requirements) => newJob(project.id, task.id, { priority, requirements });
      const [small, gpu, bigMemory, manyGpus] = await tx.jobs.insert([
        need(10, { cpu: 1, accelerators: 0, memoryMb: 0 }),
        need(20, { cpu: 2, accelerators: 1, memoryMb: 0 }),
        need(30, { cpu: 1, accelerators: 0, memoryMb: 4096 }),
        need(40, { cpu: 4, accelerators: 2, memoryMb: 1024 }),
      ]);
      return { projectId: project.id, jobs: { small: small!.id, gpu: gpu!.id, bigMemory: bigMemory!.id, manyGpus: manyGpus!.id } };
    });
    const cases: [Offer, number | null][] = [
      [UNLIMITED_OFFER, jobs.manyGpus],
      [offer(null, 0, null), jobs.bigMemory],
      [offer(1, 0, 0), jobs.small],
      [offer(1, null, 0), jobs.small],
      [offer(2, 1, 0), jobs.gpu],
      [offer(4, 2, 1024), jobs.manyGpus],
      [offer(4, 2, 1023), jobs.gpu],
      [offer(16, 8, 4096), jobs.manyGpus],
      [offer(1, 0, 4096), jobs.bigMemory],
      [offer(0, null, null), null],
      [offer(null, null, 0), jobs.gpu],
      [offer(2, null, null), jobs.bigMemory],
      [offer(4, null, null), jobs.manyGpus],
      [offer(null, 1, null), jobs.bigMemory],
    ];
    for (const [given, expected] of cases) {
      await rolledBack(store, async (tx) => {
        t.is(await claimId(tx, projectId, given), expected, `offer ${JSON.stringify(given)}`);
      });
    }
  });

  check('claim of one: applies the claim transition (QUEUED, attempts + 1, lease) and saves it', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const specs = [2, 1, 0].map((priority) => newJob(project.id, task.id, { priority, attempts: 1, parameters: '{"lr":0.10}' }));
      const [leased, unexpiring, anonymous] = (await tx.jobs.insert(specs)) as [Job, Job, Job];
      const now = after(100);
      const expectations: [Job, Claimant][] = [
        [leased, { owner: 'w1', leaseSeconds: 60 }],
        [unexpiring, { owner: 'w2', leaseSeconds: null }],
      ];
      for (const [job, who] of expectations) {
        const claimed = await claimOne(tx, { projectId: project.id, offer: UNLIMITED_OFFER, claimant: who, now });
        t.deepEqual(plain(claimed), plain(right(claim(job, who, now))));
        t.deepEqual(plain(await tx.jobs.get(job.id)), plain(claimed));
      }
      const first = (await tx.jobs.get(leased.id))!;
      t.like(first, { status: 'QUEUED', attempts: 2 });
      t.is(first.lease?.owner, 'w1');
      t.is(first.lease?.expiresAt?.getTime(), after(160).getTime());
      t.is(first.updatedAt.getTime(), now.getTime());
      t.is((await tx.jobs.get(unexpiring.id))!.lease?.expiresAt, null);

      const anonymousClaim = (await claimOne(tx, { projectId: project.id, offer: UNLIMITED_OFFER, claimant: { owner: null, leaseSeconds: null }, now }))!;
      t.is(anonymousClaim.id, anonymous.id);
      t.like(anonymousClaim, { status: 'QUEUED', attempts: 2 });
      // An anonymous claim holds no owner and never expires; stores may keep it as an empty lease or none.
      t.is(anonymousClaim.lease?.owner ?? null, null);
      t.is(anonymousClaim.lease?.expiresAt ?? null, null);
    });
  });

  check('tasks read after a claim in the same transaction are the stored tasks, and follow an update or delete made there', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project } = await seed(tx);
      const full = right(
        await tx.tasks.insert(
          newTask(project.id, 'full', {
            commandTemplate: 'run {x}',
            requirements: { cpu: 3, accelerators: 1, memoryMb: 2048 },
            maxAttempts: 5,
            retryOnFailure: true,
            timeoutSeconds: 90,
            createdAt: after(1),
            updatedAt: after(2),
          }),
        ),
      );
      const bare = right(await tx.tasks.insert(newTask(project.id, 'bare')));
      await tx.jobs.insert([newJob(project.id, full.id), newJob(project.id, bare.id), newJob(project.id, full.id)]);
      const claimed = await tx.queue.claim({ projectId: project.id, offer: UNLIMITED_OFFER, fit: 'each', claimant, now: after(100) }, 10);
      t.is(claimed.length, 3);
      t.deepEqual(plain(await tx.tasks.getMany([full.id, bare.id, full.id])), plain([full, bare].sort((a, b) => a.id - b.id)));
      t.deepEqual(plain(await tx.tasks.get(full.id)), plain(full));
      const renamed = right(await tx.tasks.update({ ...full, name: 'renamed', timeoutSeconds: null }));
      t.deepEqual(plain(await tx.tasks.get(full.id)), plain(renamed));
      t.deepEqual(plain(await tx.tasks.getMany([bare.id, full.id])), plain([renamed, bare].sort((a, b) => a.id - b.id)));
      await tx.tasks.delete(bare.id);
      t.is(await tx.tasks.get(bare.id), null);
      t.deepEqual(plain(await tx.tasks.getMany([bare.id, full.id])), plain([renamed]));
    });
  });

  check('claim: up to limit jobs in claim order that fit the offer together, each claimed as a claim of one would', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const need = (priority: number, cpu: number, accelerators = 0) =>
        newJob(project.id, task.id, { priority, requirements: { cpu, accelerators, memoryMb: 0 } });
      const [four, three, two, one, gpu] = (await tx.jobs.insert([need(50, 4), need(40, 3), need(30, 2), need(20, 1), need(10, 1, 1)])) as Job[];
      const now = after(100);
      const request = { projectId: project.id, claimant, now };
      t.deepEqual(await tx.queue.claim({ ...request, offer: offer(8, 0, null) }, 0), []);
      // 4 + 3 fit in 8 cpus, 2 no longer does, 1 still does; the gpu job needs an accelerator.
      const first = await tx.queue.claim({ ...request, offer: offer(8, 0, null) }, 10);
      t.deepEqual(
        first.map((job) => job.id),
        [four!.id, three!.id, one!.id],
      );
      for (const job of first) {
        t.like(job, { status: 'QUEUED', attempts: 1, lease: { owner: 'w1', expiresAt: after(160) } });
        t.deepEqual(plain(await tx.jobs.get(job.id)), plain(job));
      }
      t.deepEqual(
        (await tx.queue.claim({ ...request, offer: UNLIMITED_OFFER }, 1)).map((job) => job.id),
        [two!.id],
      );
      t.deepEqual(
        (await tx.queue.claim({ ...request, offer: UNLIMITED_OFFER }, 5)).map((job) => job.id),
        [gpu!.id],
      );
      t.deepEqual(await tx.queue.claim({ ...request, offer: UNLIMITED_OFFER }, 5), []);
    });
  });

  check('getManyForUpdate: the found jobs in id order; satisfyDependents counts each finished dependency once and names the jobs it made ready', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [a, b, c] = (await tx.jobs.insert([newJob(project.id, task.id), newJob(project.id, task.id), newJob(project.id, task.id)])) as Job[];
      const [both] = await tx.jobs.insert([newJob(project.id, task.id, { dependencies: [onJob(a!.id), onJob(b!.id), onJob(c!.id)], unmetDependencies: 3 })]);
      t.deepEqual(
        (await tx.jobs.getManyForUpdate([c!.id, 99999, a!.id])).map((job) => job.id),
        [a!.id, c!.id],
      );
      t.deepEqual(await tx.jobs.satisfyDependents([a!.id, a!.id], after(4)), []);
      t.is((await tx.jobs.get(both!.id))!.unmetDependencies, 2);
      t.deepEqual(await tx.jobs.satisfyDependents([b!.id], after(5)), []);
      t.like(await tx.jobs.get(both!.id), { unmetDependencies: 1, updatedAt: after(5) });
      await tx.jobs.satisfyDependents([], after(6));
      t.deepEqual(await tx.jobs.satisfyDependents([c!.id], after(7)), [both!.id], 'the last dependency met makes it ready');
      t.is((await tx.jobs.get(both!.id))!.unmetDependencies, 0);
    });
  });

  check('claim of one: an empty or unknown project yields null, and projects never mix', async (t, store) => {
    await inTx(store, async (tx) => {
      const busy = await seed(tx, 'busy');
      const idle = right(await tx.projects.insert(newProject('idle')));
      right(await tx.tasks.insert(newTask(idle.id, 'train')));
      const [job] = await tx.jobs.insert([newJob(busy.project.id, busy.task.id)]);
      t.is(await claimId(tx, idle.id), null);
      t.is(await claimId(tx, 99999), null);
      t.is(await claimId(tx, idle.id, offer(64, 8, 100000)), null);
      t.is(await claimId(tx, busy.project.id), job!.id);
    });
  });

  check('claim of one: the claim order follows updates of priority, status, readiness and requirements', async (t, store) => {
    const { projectId, a, b } = await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [a, b] = await tx.jobs.insert([newJob(project.id, task.id, { priority: 1 }), newJob(project.id, task.id, { priority: 2 })]);
      return { projectId: project.id, a: a!, b: b! };
    });
    const expectClaim = async (expected: number | null, given: Offer = UNLIMITED_OFFER) =>
      rolledBack(store, async (tx) => {
        t.is(await claimId(tx, projectId, given), expected);
      });
    const save = (job: Job) => inTx(store, (tx) => tx.jobs.update(job));

    await expectClaim(b.id);
    await save({ ...a, priority: 3 });
    await expectClaim(a.id);
    await save({ ...a, priority: 3, status: 'CANCELLED' });
    await expectClaim(b.id);
    await save({ ...a, priority: 3, status: 'PENDING' });
    await expectClaim(a.id);
    await save({ ...a, priority: 3, requirements: { cpu: 8, accelerators: 0, memoryMb: 0 } });
    await expectClaim(b.id, offer(4, null, null));
    await expectClaim(a.id, offer(8, null, null));
    await save({ ...a, priority: 3, unmetDependencies: 1 });
    await expectClaim(b.id);
    await expectClaim(null, offer(0, null, null));
  });

  check('updateUnclaimedJobsOfTask: PENDING and BLOCKED jobs take the new requirements; claims filter on them', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const other = right(await tx.tasks.insert(newTask(project.id, 'evaluate')));
      const lease = { owner: 'w0', expiresAt: after(1000) };
      const [failed] = await tx.jobs.insert([newJob(project.id, task.id, { status: 'FAILED' })]);
      const [pending, blocked, queued, completed] = await tx.jobs.insert([
        newJob(project.id, task.id, { priority: 5 }),
        newJob(project.id, task.id, { status: 'BLOCKED', blockedBy: failed!.id }),
        newJob(project.id, task.id, { status: 'QUEUED', lease, attempts: 1 }),
        newJob(project.id, task.id, { status: 'COMPLETED' }),
      ]);
      const [elsewhere] = await tx.jobs.insert([newJob(project.id, other.id)]);
      const unchanged = [queued!, completed!, failed!, elsewhere!];
      const before = (await tx.jobs.getMany(unchanged.map((job) => job.id))).map(plain);

      const terms = { cpu: 4, accelerators: 1, memoryMb: 2048 };
      await tx.jobs.updateUnclaimedJobsOfTask(task.id, terms, 9, after(50));
      for (const job of await tx.jobs.getMany([pending!.id, blocked!.id])) {
        t.deepEqual(plain(job.requirements), plain(terms));
        t.is(job.maxAttempts, 9);
        t.is(job.updatedAt.getTime(), after(50).getTime());
      }
      t.deepEqual((await tx.jobs.getMany(unchanged.map((job) => job.id))).map(plain), before);

      t.is((await claimOne(tx, { projectId: project.id, offer: offer(2, null, null), claimant, now: after(60) }))?.id, elsewhere!.id);
      t.is((await claimOne(tx, { projectId: project.id, offer: offer(4, 0, null), claimant, now: after(60) })), null);
      t.is((await claimOne(tx, { projectId: project.id, offer: offer(4, 1, 2048), claimant, now: after(60) }))?.id, pending!.id);
    });
  });

  check('lockExpiredLeases: claimed jobs whose lease ran out, at most limit', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const held = (status: 'QUEUED' | 'RUNNING', owner: string, expiresAt: Date | null) =>
        newJob(project.id, task.id, { status, attempts: 1, lease: { owner, expiresAt } });
      const [early, exact, late] = await tx.jobs.insert([
        held('QUEUED', 'w1', after(900)),
        held('RUNNING', 'w1', after(1000)),
        held('RUNNING', 'w2', after(1001)),
        // A lease without expiry never runs out.
        held('QUEUED', 'w3', null),
      ]);
      const [fresh] = await tx.jobs.insert([newJob(project.id, task.id)]);
      const claimed = (await claimOne(tx, { projectId: project.id, offer: UNLIMITED_OFFER, claimant: { owner: 'w4', leaseSeconds: 10 }, now: after(0) }))!;
      t.is(claimed.id, fresh!.id);

      const expired = async (now: Date, limit = 100) => (await tx.queue.lockExpiredLeases(now, limit)).map((job) => job.id).sort((x, y) => x - y);
      t.deepEqual(await expired(after(1000)), [early!.id, exact!.id, fresh!.id]);
      t.deepEqual(await expired(after(5)), []);
      t.deepEqual(await expired(after(10)), [fresh!.id]);
      t.deepEqual(await expired(after(100000)), [early!.id, exact!.id, late!.id, fresh!.id]);
      const limited = await expired(after(1000), 2);
      t.is(limited.length, 2);
      t.true(limited.every((id) => [early!.id, exact!.id, fresh!.id].includes(id)));
      t.deepEqual(plain((await tx.queue.lockExpiredLeases(after(950), 10)).find((job) => job.id === early!.id)), plain(await tx.jobs.get(early!.id)));

      // A job that finished holds no lease any more.
      await tx.jobs.update({ ...claimed, status: 'COMPLETED', lease: null, finishedAt: after(5) });
      await tx.jobs.update({ ...(await tx.jobs.get(early!.id))!, status: 'PENDING', lease: null });
      t.deepEqual(await expired(after(1000)), [exact!.id]);
    });
  });

  check('renewLeases: extends every lease the owner holds and returns those job ids', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const held = (status: 'QUEUED' | 'RUNNING' | 'FAILED', owner: string, expiresAt: Date | null) =>
        newJob(project.id, task.id, { status, attempts: 1, lease: status === 'FAILED' ? null : { owner, expiresAt } });
      const [q1, r1, r2, failed] = await tx.jobs.insert([
        held('QUEUED', 'w1', after(900)),
        held('RUNNING', 'w1', after(500)),
        held('RUNNING', 'w2', after(1001)),
        held('FAILED', 'w1', null),
      ]);
      const otherBefore = plain(await tx.jobs.get(r2!.id));

      t.deepEqual(await tx.queue.renewLeases('w1', after(2000), after(1000)), [q1!.id, r1!.id]);
      for (const job of await tx.jobs.getMany([q1!.id, r1!.id])) {
        t.is(job.lease?.owner, 'w1');
        t.is(job.lease?.expiresAt?.getTime(), after(2000).getTime());
        t.is(job.updatedAt.getTime(), after(1000).getTime());
      }
      t.deepEqual(plain(await tx.jobs.get(r2!.id)), otherBefore);
      t.is((await tx.jobs.get(failed!.id))!.lease, null);
      t.deepEqual((await tx.queue.lockExpiredLeases(after(1500), 10)).map((job) => job.id), [r2!.id]);
      t.deepEqual(await tx.queue.renewLeases('nobody', after(2000), after(1000)), []);
    });
  });

  check('countByTaskAndStatus, countPending and ids by status', async (t, store) => {
    await inTx(store, async (tx) => {
      const one = await seed(tx, 'one');
      const two = await seed(tx, 'two');
      const other = right(await tx.tasks.insert(newTask(one.project.id, 'evaluate')));
      const [ready, waiting, , completed] = await tx.jobs.insert([
        newJob(one.project.id, one.task.id),
        newJob(one.project.id, one.task.id, { unmetDependencies: 1 }),
        newJob(one.project.id, one.task.id, { status: 'RUNNING', lease: { owner: 'w', expiresAt: null } }),
        newJob(one.project.id, one.task.id, { status: 'COMPLETED' }),
      ]);
      await tx.jobs.insert([
        newJob(one.project.id, other.id),
        newJob(one.project.id, other.id, { status: 'BLOCKED', blockedBy: completed!.id }),
        newJob(one.project.id, other.id, { status: 'BLOCKED', blockedBy: completed!.id }),
      ]);
      await tx.jobs.insert([newJob(two.project.id, two.task.id)]);

      const countsOf = async (projectId: number) =>
        (await tx.queue.countByTaskAndStatus(projectId)).map((c) => ({ taskId: c.taskId, status: c.status, count: c.count }));
      t.deepEqual(await countsOf(one.project.id), [
        { taskId: one.task.id, status: 'COMPLETED', count: 1 },
        { taskId: one.task.id, status: 'PENDING', count: 2 },
        { taskId: one.task.id, status: 'RUNNING', count: 1 },
        { taskId: other.id, status: 'BLOCKED', count: 2 },
        { taskId: other.id, status: 'PENDING', count: 1 },
      ]);
      t.deepEqual(await tx.queue.countByTaskAndStatus(99999), []);

      t.is(await tx.queue.countPending(one.project.id), 3);
      t.is(await tx.queue.countPending(two.project.id), 1);
      t.is(await tx.queue.countPending(99999), 0);
      const pending = await tx.jobs.ids({ projectId: one.project.id, taskId: null, status: 'PENDING' });
      t.is(pending.length, 3);
      t.deepEqual(pending.slice(0, 2), [ready!.id, waiting!.id]);

      await claimId(tx, one.project.id);
      t.is(await tx.queue.countPending(one.project.id), 2);
      t.false((await tx.jobs.ids({ projectId: one.project.id, taskId: null, status: 'PENDING' })).includes(ready!.id));

      // The counts follow claims, moves to another task and deletes, by task id then status.
      const [stillWaiting] = await tx.jobs.getManyForUpdate([waiting!.id]);
      await tx.jobs.updateMany([{ ...stillWaiting!, taskId: other.id }]);
      await tx.jobs.delete([ready!.id]);
      t.deepEqual(await countsOf(one.project.id), [
        { taskId: one.task.id, status: 'COMPLETED', count: 1 },
        { taskId: one.task.id, status: 'RUNNING', count: 1 },
        { taskId: other.id, status: 'BLOCKED', count: 2 },
        { taskId: other.id, status: 'PENDING', count: 2 },
      ]);
      t.deepEqual(await countsOf(two.project.id), [{ taskId: two.task.id, status: 'PENDING', count: 1 }]);
    });
  });

  check('claim agrees with a plain scan of the ready jobs (property)', async (t, store) => {
    const requirement = fc.record({
      cpu: fc.integer({ min: 0, max: 3 }),
      accelerators: fc.integer({ min: 0, max: 2 }),
      memoryMb: fc.constantFrom(0, 512, 1024),
    });
    const jobSpec = fc.record({
      priority: fc.integer({ min: -2, max: 2 }),
      requirements: requirement,
      state: fc.constantFrom('ready', 'ready', 'waiting', 'blocked', 'completed'),
    });
    const anOffer = fc.record({
      cpu: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
      accelerators: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
      memoryMb: fc.option(fc.constantFrom(0, 512, 1024), { nil: null }),
    });
    // Claims, and priority changes that move jobs around inside the claim index; either may roll back.
    const step = fc.oneof(
      fc.record({ kind: fc.constant('claim' as const), offer: anOffer, commit: fc.boolean() }),
      fc.record({ kind: fc.constant('reprioritize' as const), pick: fc.nat(), priority: fc.integer({ min: -3, max: 3 }), commit: fc.boolean() }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(jobSpec, { maxLength: 20 }), fc.array(step, { maxLength: 40 }), async (specs, steps) => {
        run += 1;
        const projectId = await inTx(store, async (tx) => {
          const { project, task } = await seed(tx, `property ${run}`);
          await tx.jobs.insert(
            specs.map(({ priority, requirements, state }) =>
              newJob(project.id, task.id, {
                priority,
                requirements,
                status: state === 'blocked' ? 'BLOCKED' : state === 'completed' ? 'COMPLETED' : 'PENDING',
                unmetDependencies: state === 'waiting' ? 1 : 0,
              }),
            ),
          );
          return project.id;
        });
        for (const step of steps) {
          const outcome = await store.transaction<string, string>(async (tx) => {
            const commit = (verdict: string) => (step.commit ? E.right(verdict) : E.left(verdict));
            if (step.kind === 'reprioritize') {
              const jobs = await tx.jobs.list({ projectId, taskId: null, status: null, limit: 1000, offset: 0 });
              const job = jobs[step.pick % Math.max(1, jobs.length)];
              if (job !== undefined) await tx.jobs.update({ ...job, priority: step.priority });
              return commit('agree');
            }
            const given = step.offer;
            const pending = await tx.jobs.list({ projectId, taskId: null, status: 'PENDING', limit: 1000, offset: 0 });
            const expected = pending.filter((job) => job.unmetDependencies === 0 && fits(job.requirements, given)).sort(claimOrder)[0]?.id ?? null;
            const actual = await claimId(tx, projectId, given);
            const verdict = actual === expected ? 'agree' : `expected ${expected}, claimed ${actual} for ${JSON.stringify(given)}`;
            return commit(verdict);
          });
          const verdict = E.isRight(outcome) ? outcome.right : outcome.left;
          if (verdict !== 'agree') return false;
        }
        return true;
      }),
      { numRuns: 30 },
    );
    t.pass();
  });
};
