import type { JobFilter, JobSelection } from '../../src/application/ports/job-store.port.js';
import type { Job } from '../../src/domain/job.js';
import { type Check, ids, inTx, plain, seed, sorted } from './contract-kit.js';
import { after, newJob, onBatch, onJob } from './fixtures.js';

const everything: JobSelection = { projectId: null, taskId: null, status: null };
const all = { limit: 1000, offset: 0 };
const PARAMETERS = '{"b":1.0,"a":1152921504606846976,"ü":"x y"}';

/** Jobs as rows and edges: insert, read, list, update, delete. */
export const jobContract = (check: Check): void => {
  check('saveProgress: saves status, attempts, lease, exit code, failure reason and timestamps verbatim; nothing else', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [dependency] = await tx.jobs.insert([newJob(project.id, task.id)]);
      const [a, b] = (await tx.jobs.insert([
        newJob(project.id, task.id, { name: 'a', priority: 3, dependencies: [onJob(dependency!.id)], unmetDependencies: 1 }),
        newJob(project.id, task.id, { name: 'b', status: 'QUEUED', attempts: 1, lease: { owner: 'w', expiresAt: after(60) } }),
      ])) as [Job, Job];
      const reason = 'exit 1: "quoted", {braces}, back\\slash, comma, NULL\nnext line ü';
      const progressed: Job[] = [
        { ...a, name: 'renamed', priority: 9, dependencies: [], status: 'FAILED', attempts: 2, exitCode: 1, failureReason: reason, lease: null, finishedAt: after(5), updatedAt: after(5) },
        { ...b, status: 'RUNNING', startedAt: after(4), updatedAt: after(4), lease: { owner: 'NULL', expiresAt: after(90) } },
      ];
      await tx.queue.saveProgress(progressed);
      t.deepEqual(plain(await tx.jobs.get(a.id)), plain({ ...a, status: 'FAILED', attempts: 2, exitCode: 1, failureReason: reason, lease: null, finishedAt: after(5), updatedAt: after(5) }));
      t.deepEqual(plain(await tx.jobs.get(b.id)), plain(progressed[1]));
      await tx.queue.saveProgress([]);
      await t.throwsAsync(tx.queue.saveProgress([{ ...b, id: 99999 }]), { message: /99999/ });
    });
  });

  check('jobs: insert resolves batch and existing dependencies, ids ascend in input order', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [root] = await tx.jobs.insert([newJob(project.id, task.id, { name: 'root' })]);
      const specs = [
        // A batch may point forward: position 0 waits for position 1.
        newJob(project.id, task.id, { name: 'late', dependencies: [onBatch(1), onJob(root!.id)] }),
        newJob(project.id, task.id, { name: 'mid', dependencies: [onJob(root!.id)] }),
        newJob(project.id, task.id, { name: 'leaf', dependencies: [onBatch(0), onBatch(1)] }),
      ];
      const inserted = await tx.jobs.insert(specs);
      const [late, mid, leaf] = inserted as [Job, Job, Job];
      t.true(root!.id < late.id && late.id < mid.id && mid.id < leaf.id);
      t.deepEqual(sorted(late.dependencies), sorted([mid.id, root!.id]));
      t.deepEqual(sorted(mid.dependencies), [root!.id]);
      t.deepEqual(sorted(leaf.dependencies), sorted([late.id, mid.id]));
      const resolved = [
        [mid.id, root!.id],
        [root!.id],
        [late.id, mid.id],
      ];
      for (const [index, job] of inserted.entries()) {
        t.deepEqual(plain(job), plain({ ...specs[index], id: job.id, dependencies: resolved[index] }));
        t.deepEqual(plain(await tx.jobs.get(job.id)), plain(job));
      }
      t.deepEqual(await tx.jobs.directDependentsOutside([root!.id]), [late.id, mid.id]);
      t.deepEqual(await tx.jobs.directDependentsOutside([mid.id]), [late.id, leaf.id]);
      t.deepEqual(await tx.jobs.insert([]), []);
    });
  });

  check('jobs: a batch of thousands (written in several statements) keeps its order, names and edges across the statements', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const size = 4_501;
      // Each job after the first waits for the one before it, so that edges cross every chunk boundary.
      const specs = Array.from({ length: size }, (_, index) =>
        newJob(project.id, task.id, { name: `j${index}`, parameters: `{"i":${index}}`, dependencies: index === 0 ? [] : [onBatch(index - 1)] }),
      );
      const inserted = await tx.jobs.insert(specs);
      t.is(inserted.length, size);
      t.true(inserted.every((job, index) => job.name === `j${index}` && (index === 0 || job.id > inserted[index - 1]!.id)));
      t.true(inserted.every((job, index) => (index === 0 ? job.dependencies.length === 0 : job.dependencies[0] === inserted[index - 1]!.id)));
      const stored = await tx.jobs.getMany(ids(inserted));
      t.deepEqual(plain(stored), plain(inserted));
    });
  });

  check('jobs: every field round-trips; parameters byte for byte, dates to the millisecond', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const failedSpec = newJob(project.id, task.id, {
        status: 'FAILED',
        attempts: 3,
        exitCode: 137,
        failureReason: 'killed by signal 9',
        startedAt: after(3),
        finishedAt: after(4),
      });
      const [failed] = await tx.jobs.insert([failedSpec]);
      const runningSpec = newJob(project.id, task.id, {
        name: 'ünïcode job',
        parameters: PARAMETERS,
        priority: -3,
        status: 'RUNNING',
        requirements: { cpu: 4, accelerators: 2, memoryMb: 8192 },
        attempts: 2,
        maxAttempts: 5,
        lease: { owner: 'worker-1', expiresAt: new Date('2026-03-01T10:05:00.123Z') },
        createdAt: after(1),
        updatedAt: after(2),
        startedAt: after(3),
      });
      const blockedSpec = newJob(project.id, task.id, {
        status: 'BLOCKED',
        dependencies: [onJob(failed!.id)],
        unmetDependencies: 1,
        blockedBy: failed!.id,
        failureReason: `blocked by job ${failed!.id}`,
      });
      const [running, blocked] = await tx.jobs.insert([runningSpec, blockedSpec]);
      const expected = [
        [failed!, { ...failedSpec, id: failed!.id, dependencies: [] }],
        [running!, { ...runningSpec, id: running!.id, dependencies: [] }],
        [blocked!, { ...blockedSpec, id: blocked!.id, dependencies: [failed!.id] }],
      ] as const;
      for (const [job, spec] of expected) {
        t.deepEqual(plain(job), plain(spec));
        t.deepEqual(plain(await tx.jobs.get(job.id)), plain(spec));
      }
      const stored = (await tx.jobs.get(running!.id))!;
      t.is(stored.parameters, PARAMETERS);
      t.is(stored.lease?.expiresAt?.getTime(), new Date('2026-03-01T10:05:00.123Z').getTime());
      t.is(stored.createdAt.getTime(), after(1).getTime());
      // Values every job of a batch shares (text with quotes, braces and newlines included) round-trip as well.
      const reason = 'exit 1: "quoted", {braces}, back\\slash, NULL\nnext line';
      const twins = [0, 1].map((index) =>
        newJob(project.id, task.id, { name: `twin ${index}`, parameters: PARAMETERS, status: 'FAILED', failureReason: reason, lease: { owner: 'w "1"', expiresAt: after(9) } }),
      );
      for (const [index, job] of (await tx.jobs.insert(twins)).entries()) {
        t.deepEqual(plain(await tx.jobs.get(job.id)), plain({ ...twins[index], id: job.id, dependencies: [] }));
      }
    });
  });

  check('jobs: getMany, list and ids filter, order by id and page', async (t, store) => {
    await inTx(store, async (tx) => {
      const one = await seed(tx, 'one');
      const two = await seed(tx, 'two');
      const [a, b, c] = await tx.jobs.insert([
        newJob(one.project.id, one.task.id),
        newJob(one.project.id, one.task.id, { status: 'COMPLETED' }),
        newJob(one.project.id, one.task.id),
      ]);
      const [d] = await tx.jobs.insert([newJob(two.project.id, two.task.id)]);
      const [e] = await tx.jobs.insert([newJob(one.project.id, one.task.id, { status: 'CANCELLED' })]);
      const [x, y, z, w, v] = [a!, b!, c!, d!, e!];

      t.deepEqual(ids(await tx.jobs.getMany([w.id, x.id, 99999, z.id, x.id])), [x.id, z.id, w.id]);
      t.deepEqual(await tx.jobs.getMany([]), []);
      t.deepEqual((await tx.jobs.getManyForShare([w.id, x.id, 99999, z.id, x.id])).map(plain), [x, z, w].map(plain));
      t.deepEqual(await tx.jobs.getManyForShare([]), []);
      t.is(await tx.jobs.get(99999), null);
      t.deepEqual(plain(await tx.jobs.getForUpdate(y.id)), plain(y));

      const list = (filter: Partial<JobFilter>) => tx.jobs.list({ ...everything, ...all, ...filter });
      t.deepEqual(ids(await list({})), [x.id, y.id, z.id, w.id, v.id]);
      t.deepEqual(ids(await list({ projectId: one.project.id })), [x.id, y.id, z.id, v.id]);
      t.deepEqual(ids(await list({ taskId: two.task.id })), [w.id]);
      t.deepEqual(ids(await list({ projectId: one.project.id, status: 'PENDING' })), [x.id, z.id]);
      t.deepEqual(ids(await list({ status: 'PENDING' })), [x.id, z.id, w.id]);
      t.deepEqual(ids(await list({ projectId: one.project.id, taskId: two.task.id })), []);
      t.deepEqual(ids(await list({ limit: 2, offset: 1 })), [y.id, z.id]);
      t.deepEqual(ids(await list({ projectId: one.project.id, limit: 10, offset: 3 })), [v.id]);
      t.deepEqual(ids(await list({ limit: 0 })), []);
      // By key: after an id (present or not), with the other filters, then paged on.
      t.deepEqual(ids(await list({ afterId: x.id })), [y.id, z.id, w.id, v.id]);
      t.deepEqual(ids(await list({ afterId: 0, limit: 2 })), [x.id, y.id]);
      t.deepEqual(ids(await list({ projectId: one.project.id, afterId: y.id, limit: 1 })), [z.id]);
      t.deepEqual(ids(await list({ projectId: one.project.id, afterId: z.id, limit: 1 })), [v.id]);
      t.deepEqual(ids(await list({ projectId: one.project.id, status: 'PENDING', afterId: y.id })), [z.id]);
      t.deepEqual(ids(await list({ afterId: x.id, offset: 2 })), [w.id, v.id]);
      t.deepEqual(ids(await list({ afterId: v.id })), []);
      t.deepEqual(ids(await list({ afterId: null })), [x.id, y.id, z.id, w.id, v.id]);

      t.deepEqual(await tx.jobs.ids(everything), [x.id, y.id, z.id, w.id, v.id]);
      t.deepEqual(await tx.jobs.ids({ ...everything, projectId: one.project.id, status: 'PENDING' }), [x.id, z.id]);
      t.deepEqual(await tx.jobs.ids({ ...everything, taskId: one.task.id, status: 'CANCELLED' }), [v.id]);
      t.deepEqual(await tx.jobs.ids({ ...everything, status: 'RUNNING' }), []);
    });
  });

  check('jobs: update saves every field and replaces the dependency edges', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [a, b] = await tx.jobs.insert([newJob(project.id, task.id), newJob(project.id, task.id)]);
      const [c] = await tx.jobs.insert([newJob(project.id, task.id, { dependencies: [onJob(a!.id)] })]);
      const revised: Job = {
        ...c!,
        name: 'renamed',
        parameters: PARAMETERS,
        priority: 5,
        dependencies: [b!.id],
        unmetDependencies: 1,
        requirements: { cpu: 2, accelerators: 1, memoryMb: 100 },
        maxAttempts: 9,
        failureReason: 'was retried',
        updatedAt: after(60),
      };
      await tx.jobs.update(revised);
      t.deepEqual(plain(await tx.jobs.get(c!.id)), plain(revised));
      t.deepEqual(await tx.jobs.directDependentsOutside([a!.id]), []);
      t.deepEqual(await tx.jobs.directDependentsOutside([b!.id]), [c!.id]);
      t.deepEqual(ids(await tx.jobs.transitiveDependents(a!.id)), []);
      t.deepEqual(ids(await tx.jobs.transitiveDependents(b!.id)), [c!.id]);
      await tx.jobs.satisfyDependents([a!.id], after(70));
      t.is((await tx.jobs.get(c!.id))!.unmetDependencies, 1);

      const bothEdges = { ...revised, dependencies: [a!.id, b!.id], unmetDependencies: 2 };
      const aRenamed = { ...a!, name: 'first', status: 'COMPLETED' as const };
      await tx.jobs.updateMany([bothEdges, aRenamed]);
      t.deepEqual(plain(await tx.jobs.get(c!.id)), plain(bothEdges));
      t.deepEqual(plain(await tx.jobs.get(a!.id)), plain(aRenamed));
      t.deepEqual(await tx.jobs.directDependentsOutside([a!.id]), [c!.id]);
      await tx.jobs.updateMany([]);
    });
  });

  check('jobs: delete removes the jobs and every edge touching them', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [a] = await tx.jobs.insert([newJob(project.id, task.id)]);
      const [b] = await tx.jobs.insert([newJob(project.id, task.id, { dependencies: [onJob(a!.id)] })]);
      const [c, d] = await tx.jobs.insert([
        newJob(project.id, task.id, { dependencies: [onJob(b!.id)] }),
        newJob(project.id, task.id, { dependencies: [onJob(a!.id), onJob(b!.id)] }),
      ]);
      await tx.jobs.delete([b!.id]);
      t.is(await tx.jobs.get(b!.id), null);
      t.deepEqual((await tx.jobs.get(c!.id))!.dependencies, []);
      t.deepEqual((await tx.jobs.get(d!.id))!.dependencies, [a!.id]);
      t.deepEqual(ids(await tx.jobs.transitiveDependents(a!.id)), [d!.id]);
      t.deepEqual(await tx.jobs.directDependentsOutside([b!.id]), []);

      await tx.jobs.delete([]);
      await tx.jobs.delete([99999]);
      await tx.jobs.delete([a!.id, d!.id]);
      t.deepEqual(ids(await tx.jobs.list({ ...everything, ...all })), [c!.id]);
      t.is(await tx.queue.countPending(project.id), 1);
    });
  });

  check('jobs: named finds the project\'s jobs of the names exactly, ascending by id', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const other = await seed(tx, 'other lab');
      const [a, , b, c] = await tx.jobs.insert([
        newJob(project.id, task.id, { name: 'train-v1' }),
        newJob(project.id, task.id, { name: 'Train-V1' }),
        newJob(project.id, task.id, { name: 'eval' }),
        newJob(project.id, task.id, { name: 'train-v1' }),
      ]);
      await tx.jobs.insert([newJob(other.project.id, other.task.id, { name: 'train-v1' })]);
      t.deepEqual(await tx.jobs.named(project.id, ['train-v1', 'eval', 'missing']), [
        { id: a!.id, name: 'train-v1' },
        { id: b!.id, name: 'eval' },
        { id: c!.id, name: 'train-v1' },
      ]);
      t.deepEqual(await tx.jobs.named(project.id, []), []);
      t.deepEqual(await tx.jobs.named(project.id, ["it's; DROP TABLE jobs"]), []);
      const [odd] = await tx.jobs.insert([newJob(project.id, task.id, { name: 'a,b {"c"} \\d' })]);
      t.deepEqual(await tx.jobs.named(project.id, ['a,b {"c"} \\d', 'a']), [{ id: odd!.id, name: 'a,b {"c"} \\d' }]);
    });
  });

  check('jobs: callers cannot change stored jobs through objects they pass or get back', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      const [a] = await tx.jobs.insert([newJob(project.id, task.id)]);
      const [b] = await tx.jobs.insert([newJob(project.id, task.id, { dependencies: [onJob(a!.id)] })]);
      const attempt = (change: () => void): void => {
        try {
          change();
        } catch {
          // A frozen object refusing the change is as good as a copy ignoring it.
        }
      };
      attempt(() => (b!.dependencies as number[]).push(99999));
      attempt(() => ((b!.requirements as { cpu: number }).cpu = 99));
      const fetched = (await tx.jobs.get(b!.id))!;
      attempt(() => (fetched.dependencies as number[]).push(99999));
      attempt(() => ((fetched as { priority: number }).priority = 99));
      const again = (await tx.jobs.get(b!.id))!;
      t.deepEqual([...again.dependencies], [a!.id]);
      t.is(again.requirements.cpu, 1);
      t.is(again.priority, 0);

      const input = { ...again, dependencies: [a!.id], requirements: { cpu: 2, accelerators: 0, memoryMb: 0 } };
      await tx.jobs.update(input);
      input.dependencies.push(99999);
      input.requirements.cpu = 7;
      const saved = (await tx.jobs.get(b!.id))!;
      t.deepEqual([...saved.dependencies], [a!.id]);
      t.is(saved.requirements.cpu, 2);
    });
  });
};
