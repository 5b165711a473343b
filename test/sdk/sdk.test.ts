import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { createServer } from 'node:net';
import { sdk, type ClaimedJob, type Executor, type Outcome } from '../../src/index.js';
import { forEachStore, unique, type TestServer } from '../http/server-harness.js';

/** Unwraps an SDK answer; a Left fails loudly with the SDK's own message. */
const need = async <A>(answer: Promise<E.Either<sdk.SdkError, A>>): Promise<A> => {
  const result = await answer;
  if (E.isLeft(result)) throw new Error(`${result.left._tag}: ${result.left.message}`);
  return result.right;
};

/** The Left of an answer that must fail. */
const refused = async <A>(answer: Promise<E.Either<sdk.SdkError, A>>): Promise<sdk.SdkError> => {
  const result = await answer;
  if (E.isRight(result)) throw new Error(`expected a refusal, got ${JSON.stringify(result.right)}`);
  return result.left;
};

/** A project with one task on the server. */
const lab = async (server: TestServer, task: sdk.TaskInput = { name: 'train', cpu: 1 }) => {
  const remote = new sdk.Server({ url: server.url });
  const project = await need(remote.createProject(unique('sdk'), 'made by the SDK tests'));
  return { remote, project, task: await need(project.createTask(task)) };
};

/** prep -> (a, b) -> report, in one call. */
const diamond = (taskId: number): sdk.JobInput[] => [
  { key: 'prep', name: 'prep', taskId, parameters: '{"lr":1.0,"big":12345678901234567890}' },
  { key: 'a', name: 'a', taskId, dependsOn: [{ key: 'prep' }] },
  { key: 'b', name: 'b', taskId, dependsOn: [{ position: 0 }] },
  { name: 'report', taskId, dependsOn: [{ key: 'a' }, { key: 'b' }], priority: 5 },
];

/** A custom executor (the original's Formatter): records what it ran and in which order. */
class RecordingExecutor implements Executor {
  readonly ran: { name: string; parameters: string }[] = [];
  constructor(private readonly outcome: (claimed: ClaimedJob) => Outcome | Promise<Outcome> = () => sdk.succeeded()) {}
  async run(claimed: ClaimedJob): Promise<Outcome> {
    this.ran.push({ name: claimed.job.name, parameters: claimed.job.parameters });
    return this.outcome(claimed);
  }
}

/** A port nothing listens on. */
const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const FAST = { pollIntervalMs: 200, shutdownGraceMs: 2_000 } as const;

forEachStore(
  (store, { shared }) => {
    test(`${store}: creates a project and a task, and finds them again by name`, async (t) => {
      const server = await shared();
      const { remote, project, task } = await lab(server, { name: 'train', cpu: 2, accelerators: 1, memoryMb: 512, commandTemplate: 'python train.py --lr {lr}', maxAttempts: 2 });
      t.like(task, { name: 'train', projectId: project.id, cpu: 2, accelerators: 1, memoryMb: 512, commandTemplate: 'python train.py --lr {lr}', maxAttempts: 2 });
      const again = await need(remote.getProject(project.name));
      t.is(again.id, project.id);
      t.is(again.description, 'made by the SDK tests');
      t.is((await need(remote.getProject(project.id))).name, project.name);
      t.is((await need(again.task('train'))).id, task.id);
      t.deepEqual((await need(again.tasks())).map((each) => each.name), ['train']);
      t.true((await need(remote.projects())).some((each) => each.id === project.id));
      t.is((await need(remote.ensureProject(project.name))).id, project.id, 'ensureProject finds the existing one');
      await need(remote.health());
    });

    test(`${store}: projects and tasks carry their retention`, async (t) => {
      const server = await shared();
      const remote = new sdk.Server({ url: server.url });
      const project = await need(remote.createProject(unique('sdk'), '', { retention: '7d' }));
      t.is(project.retention, '7d');
      t.is((await need(remote.getProject(project.id))).retention, '7d');
      const own = await need(project.createTask({ name: 'own', retention: 'remove_on_complete' }));
      t.is(own.retention, 'remove_on_complete');
      t.is((await need(project.createTask({ name: 'follows' }))).retention, null);
      const bad = await refused(remote.createProject(unique('sdk'), '', { retention: 'a while' }));
      t.regex(bad.message, /retention/);
    });

    test(`${store}: submits a DAG in one call and fetches its jobs, parameters exactly as sent`, async (t) => {
      const server = await shared();
      const { remote, project, task } = await lab(server);
      const ids = await need(project.submit(diamond(task.id)));
      t.is(ids.length, 4);
      const jobs = await need(project.jobs());
      t.deepEqual(jobs.map((job) => job.id), ids);
      t.deepEqual(jobs.map((job) => job.status), ['PENDING', 'PENDING', 'PENDING', 'PENDING']);
      const prep = await need(remote.job(ids[0]!));
      t.is(prep.parametersText, '{"lr":1.0,"big":12345678901234567890}');
      t.is(prep.parameters['lr'], 1);
      t.false(prep.settled);
      t.is((await need(project.job(ids[3]!))).priority, 5);
      t.deepEqual((await need(project.jobs({ status: 'PENDING', limit: 2 }))).map((job) => job.id), ids.slice(0, 2));
      // Only prep is ready: the original client's fetch_job claims it, and nothing else is ready after it.
      const claimed = await need(project.fetchJob());
      t.is(claimed?.id, ids[0]);
      t.is(claimed?.status, 'QUEUED');
      t.is(await need(project.fetchJob()), null);
      const single = await need(project.submitJob({ name: 'after', taskId: task.id, dependsOn: [ids[3]!], parameters: { seed: 1 } }));
      t.like(single, { name: 'after', status: 'PENDING', parametersText: '{"seed":1}' });
      t.is((await need(project.stats())).total, 5);
      const graph = await need(project.graph());
      t.deepEqual(graph.tasks.map((node) => [node.task_name, node.total]), [[task.name, 5]]);
      t.deepEqual(graph.dependencies, [{ task_id: task.id, depends_on_task_id: task.id, count: 5 }]);
      const slice = await need(project.graphSlice({ taskId: task.id, limit: 4 }));
      t.deepEqual(slice.jobs.map((job) => job.id), ids);
      t.like(slice, { more: true, next_after_id: ids[3] });
      t.is((await need(project.graphSlice({ around: single.id }))).jobs.length, 5, 'its batch: the diamond it waits on');
    });

    test(`${store}: work() runs a DAG with a custom executor, in dependency order, and waitFor sees it settle`, async (t) => {
      const server = await shared();
      const { project, task } = await lab(server);
      const ids = await need(project.submit(diamond(task.id)));
      const executor = new RecordingExecutor();
      const events: sdk.WorkerEvent[] = [];
      const client = project.client({ executor, cpu: 2, concurrency: 2, ...FAST, onEvent: (event) => events.push(event) });
      const working = client.work();
      t.teardown(() => client.stop());
      const seen: string[] = [];
      const jobs = await need(project.waitFor(ids, { timeoutMs: 20_000, pollMs: 50, onChange: (job) => seen.push(`${job.name}:${job.status}`) }));
      t.deepEqual(jobs.map((job) => job.status), ['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
      t.true(seen.includes('report:COMPLETED'), seen.join(' '));
      t.is(executor.ran[0]!.name, 'prep');
      t.is(executor.ran[0]!.parameters, '{"lr":1.0,"big":12345678901234567890}', 'the executor gets the exact parameter text');
      t.is(executor.ran[3]!.name, 'report');
      await client.stop();
      t.deepEqual(await need(working), { completed: 4, failed: 0, dropped: 0 });
      t.true(events.filter((event) => event.type === 'completed').length === 4);
      // A settled job waits no more.
      t.is((await need(jobs[0]!.wait({ timeoutMs: 1_000 }))).status, 'COMPLETED');
    });

    test(`${store}: work({ once }) runs one job with the function executor, then returns`, async (t) => {
      const server = await shared();
      const { project, task } = await lab(server);
      const [id] = await need(project.submit([{ name: 'one', taskId: task.id, parameters: { x: 2 } }, { name: 'two', taskId: task.id }]));
      const seen: unknown[] = [];
      const client = project.client({ executor: sdk.functionExecutor({ train: ({ parameters }) => void seen.push(parameters['x']) }), cpu: 1, ...FAST });
      t.deepEqual(await need(client.work({ once: true })), { completed: 1, failed: 0, dropped: 0 });
      t.deepEqual(seen, [2]);
      t.is((await need(project.job(id!))).status, 'COMPLETED');
      t.is((await need(project.jobs({ status: 'PENDING' }))).length, 1);
    });

    test(`${store}: a failing custom executor fails the job with its reason, and blocks what depends on it`, async (t) => {
      const server = await shared();
      const { project, task } = await lab(server, { name: 'train', maxAttempts: 1 });
      const [broken, thrown, downstream] = await need(
        project.submit([
          { key: 'broken', name: 'broken', taskId: task.id },
          { name: 'thrown', taskId: task.id },
          { name: 'downstream', taskId: task.id, dependsOn: [{ key: 'broken' }] },
        ]),
      );
      const executor = new RecordingExecutor(({ job }) => {
        if (job.name === 'thrown') throw new Error('the GPU caught fire');
        return sdk.failed('loss went to NaN', 3);
      });
      const controller = new AbortController();
      // A failed assertion must not leave the worker running: the file would never end.
      t.teardown(() => controller.abort());
      const working = project.client({ executor, cpu: 1, ...FAST }).work({ signal: controller.signal });
      const jobs = await need(project.waitFor([broken!, thrown!, downstream!], { timeoutMs: 20_000, pollMs: 50 }));
      t.like(jobs[0], { status: 'FAILED', exitCode: 3 });
      t.regex(jobs[0]!.failureReason ?? '', /loss went to NaN/);
      t.like(jobs[1], { status: 'FAILED' });
      t.regex(jobs[1]!.failureReason ?? '', /the GPU caught fire/);
      t.like(jobs[2], { status: 'BLOCKED', blockedBy: broken });
      controller.abort();
      t.like(await need(working), { completed: 0, failed: 2 });
      t.deepEqual(executor.ran.map((run) => run.name).sort(), ['broken', 'thrown']);
      // Retrying the failed job unblocks its dependent.
      t.is((await need(jobs[0]!.retry())).status, 'PENDING');
      t.is((await need(jobs[2]!.refresh())).status, 'PENDING');
      t.is((await need(jobs[2]!.cancel())).status, 'CANCELLED');
    });

    test(`${store}: errors are values that name the problem`, async (t) => {
      const server = await shared();
      const { remote, project, task } = await lab(server);
      const unknownProject = await refused(remote.getProject('no-such-project'));
      t.like(unknownProject, { _tag: 'ApiError', status: 404 });
      t.regex(unknownProject.message, /no-such-project/);
      t.regex((await refused(remote.job(987_654_321))).message, /987654321/);
      t.regex((await refused(project.task('no-such-task'))).message, /no-such-task/);
      const duplicate = await refused(remote.createProject(project.name));
      t.like(duplicate, { _tag: 'ApiError', status: 409 });
      t.regex(duplicate.message, new RegExp(project.name));
      t.regex((await refused(project.submit([{ name: 'x', taskId: task.id, dependsOn: [{ key: 'nowhere' }] }]))).message, /nowhere/);
      const [pending] = await need(project.submit([{ name: 'waits', taskId: task.id }]));
      const timedOut = await refused(project.waitFor([pending!], { timeoutMs: 100, pollMs: 20 }));
      t.like(timedOut, { _tag: 'WaitTimedOut', jobIds: [pending] });
      t.regex(timedOut.message, new RegExp(`job ${pending} PENDING`));
      t.like(await refused((await need(remote.job(pending!))).retry()), { _tag: 'ApiError', status: 409 });
      const nowhere = new sdk.Server({ host: '127.0.0.1', port: await closedPort(), timeoutMs: 2_000 });
      const unreachable = await refused(nowhere.getProject('demo'));
      t.is(unreachable._tag, 'Unreachable');
      t.regex(unreachable.message, /127\.0\.0\.1/);
      // A worker for a project deleted meanwhile says so instead of claiming in vain.
      const gone = await need(remote.createProject(unique('gone')));
      await need(remote.http.deleteProject(gone.id));
      const refusal = await refused(gone.client({ executor: new RecordingExecutor(), ...FAST }).work());
      t.like(refusal, { _tag: 'ApiError', status: 404 });
      t.regex(refusal.message, new RegExp(String(gone.id)));
    });
  },
  ['memory', 'postgres'],
);
