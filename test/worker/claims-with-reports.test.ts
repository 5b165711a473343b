import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { WhatsNextClient } from '../../src/adapters/client/whatsnext-client.js';
import { FunctionExecutor } from '../../src/adapters/worker/executors/function-executor.js';
import { HttpJobSource } from '../../src/adapters/worker/http-job-source.js';
import { DEFAULT_WORKER_SETTINGS } from '../../src/adapters/worker/worker-settings.js';
import { Worker } from '../../src/adapters/worker/worker.js';
import { forEachStore } from '../http/server-harness.js';
import { until } from './executor-kit.js';
import { olderServerProxy } from './older-server-proxy.js';
import { need } from './server-kit.js';

/** A counter of the server's metrics, summed over the series matching `labels` (0 when it has none yet). */
const counted = async (url: string, name: string, labels: string): Promise<number> => {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of metrics.split('\n')) if (line.startsWith(`${name}{`) && line.includes(labels)) total += Number(line.split(' ').at(-1));
  return total;
};

const CHAIN = 30;

/** A project whose jobs form one chain (each waits on the one before), and a prefetching worker over HTTP that runs it. */
const runChain = async (serverUrl: string, workerUrl: string, name: string) => {
  const admin = new WhatsNextClient({ baseUrl: serverUrl });
  const project = await need(admin.createProject(name));
  const task = await need(admin.createTask(project.id, 'step'));
  const { job_ids: ids } = await need(
    admin.submitBatch(project.id, Array.from({ length: CHAIN }, (_, i) => ({ name: `step-${i}`, task_id: task.id, ...(i === 0 ? {} : { depends_on: [{ position: i - 1 }] }) }))),
  );
  const order: number[] = [];
  const source = new HttpJobSource(new WhatsNextClient({ baseUrl: workerUrl }), project.id, `${name}-worker`);
  await source.register({ id: source.workerId, name: source.workerId, entity: 'tests', description: null, resources: { cpu: 4, accelerators: 0, memoryMb: 0 } });
  const worker = new Worker(source, new FunctionExecutor({ step: ({ jobId }) => void order.push(jobId) }), {
    ...DEFAULT_WORKER_SETTINGS,
    cpu: 4,
    concurrency: 4,
    prefetch: 8,
    pollIntervalMs: 1_000,
    heartbeatIntervalMs: 1_000,
  });
  const running = worker.run();
  await until(async () => (await need(admin.stats(project.id))).by_status['COMPLETED'] === CHAIN, 120_000, 'the chain completed');
  await worker.stop();
  await running;
  await source.deactivate();
  return { ids, order };
};

forEachStore((store, { start }) => {
  const title = (text: string) => `${store}: ${text}`;

  test(title('a prefetching HTTP worker runs a chain with each next job claimed by the report of the one before'), async (t) => {
    const server = await start();
    const { ids, order } = await runChain(server.url, server.url, `chain-${store}`);
    t.deepEqual(order, ids);
    // The first job comes from the claim loop; every later one rode back with its dependency's completion.
    t.is(await counted(server.url, 'whatsnext_claims_with_reports_total', 'result="job"'), CHAIN - 1);
    t.is(await counted(server.url, 'whatsnext_claims_total', 'result="job"'), CHAIN);
  });

  test(title('against a server without the extension, the worker sees the claim unanswered once and claims with fetch_job'), async (t) => {
    const server = await start();
    const older = await olderServerProxy(server.url);
    const { ids, order } = await runChain(server.url, older.url, `older-${store}`);
    t.deepEqual(order, ids);
    t.is(older.claimsAsked(), 1, 'it stopped asking after the first answer without a claim');
    t.is(await counted(server.url, 'whatsnext_claims_with_reports_total', 'result='), 0);
    t.is(await counted(server.url, 'whatsnext_claims_total', 'result="job"'), CHAIN);
  });
});

forEachStore(
  (store, { start }) => {
    test(`${store}: the HTTP source sends a claim with the reports made in its turn, and alone as fetch_job`, async (t) => {
      const server = await start();
      const client = new WhatsNextClient({ baseUrl: server.url });
      const project = await need(client.createProject('source'));
      const task = await need(client.createTask(project.id, 'step'));
      const { job_ids: ids } = await need(client.submitBatch(project.id, [0, 1, 2].map((i) => ({ name: `j${i}`, task_id: task.id }))));
      const source = new HttpJobSource(client, project.id, 'along');
      await source.register({ id: 'along', name: 'along', entity: 'tests', description: null, resources: { cpu: 4, accelerators: 0, memoryMb: 0 } });
      const wanted = { offer: { cpu: 4, accelerators: 0, memoryMb: null }, limit: 1, fit: 'each' as const };
      const reportsBefore = await counted(server.url, 'whatsnext_http_requests_total', 'route="/jobs/reports"');
      const fetchesBefore = await counted(server.url, 'whatsnext_http_requests_total', 'route="/projects/:project_id/fetch_job"');
      const alone = await source.claimWithReports(wanted);
      t.deepEqual(alone.map(({ job }) => job.id), [ids[0]]);
      t.is(await counted(server.url, 'whatsnext_http_requests_total', 'route="/projects/:project_id/fetch_job"'), fetchesBefore + 1);
      const [started, along] = await Promise.all([source.start(ids[0]!), source.claimWithReports({ ...wanted, limit: 2 })]);
      t.true(E.isRight(started));
      t.deepEqual(along.map(({ job, task: of }) => [job.id, of.name]), [
        [ids[1], 'step'],
        [ids[2], 'step'],
      ]);
      t.is(await counted(server.url, 'whatsnext_http_requests_total', 'route="/jobs/reports"'), reportsBefore + 1);
      t.is(await counted(server.url, 'whatsnext_http_requests_total', 'route="/projects/:project_id/fetch_job"'), fetchesBefore + 1);
    });
  },
  ['memory'],
);
