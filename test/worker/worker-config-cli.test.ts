import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { PROBE, scratchDir } from './executor-kit.js';
import { createLab, jobStatus, need, startTestServer, submit } from './server-kit.js';
import { spawnWorker } from './worker-process.js';

test(".whatsnext's client: and formatter: set the worker's identity, resources and the jobs' environment; flags win", async (t) => {
  const server = await startTestServer();
  const lab = await createLab(server.client);
  const dir = await scratchDir();
  const envOut = join(dir, 'env.json');
  const config = join(dir, 'team.yaml');
  await writeFile(
    config,
    [
      `server: {host: 127.0.0.1, port: ${server.port}}`,
      `project: ${lab.projectName}`,
      'client: {name: config-name, entity: vision-lab, cpus: 3, accelerators: 0, colour: blue}',
      'formatter:',
      '  type: cli',
      `  cli: {executable: ${JSON.stringify(process.execPath)}, script: ${JSON.stringify(PROBE)}, environment: {FROM_CONFIG: config, BOTH: config}}`,
      '  slurm: {partition: gpu, queue: fast}',
      '',
    ].join('\n'),
  );
  const job = await submit(server.client, lab.projectId, lab.taskId, JSON.stringify({ 'env-out': envOut }));
  const worker = spawnWorker(['-c', config, '--once', '--id', 'cfg-worker', '--log-dir', join(dir, 'logs'), '--env', 'BOTH=flag', '--env', 'FROM_FLAG=yes']);
  t.like(await worker.exited, { code: 0 }, worker.output());
  t.is((await jobStatus(server.client, job.id)).status, 'COMPLETED', worker.output());
  const env = JSON.parse(await readFile(envOut, 'utf8'));
  t.like(env, { FROM_CONFIG: 'config', BOTH: 'flag', FROM_FLAG: 'yes', WHATSNEXT_JOB_ID: String(job.id) });
  const clients = await need(server.client.listClients({ activeOnly: false, limit: 100 }));
  t.like(clients.find((client) => client.id === 'cfg-worker'), { name: 'config-name', entity: 'vision-lab', available_cpu: 3 });
  t.regex(worker.output(), /unknown key 'client\.colour' \(ignored\)/);
  t.regex(worker.output(), /unknown key 'formatter\.slurm\.queue' \(ignored\)/);
});

test('a bad formatter value or --env is a clear error before anything is claimed', async (t) => {
  const server = await startTestServer();
  const lab = await createLab(server.client);
  const dir = await scratchDir();
  const config = join(dir, 'bad.yaml');
  const job = await submit(server.client, lab.projectId, lab.taskId, '{"exit": 0}');
  const at = ['-s', '127.0.0.1', '-p', String(server.port), '-P', lab.projectName, '--once', '--log-dir', join(dir, 'logs')];
  await writeFile(config, 'formatter: {type: docker}\n');
  const badType = spawnWorker(['-c', config, ...at]);
  t.like(await badType.exited, { code: 1 });
  t.regex(badType.output(), /bad\.yaml: formatter\.type 'docker' is not one of cli, subprocess, slurm, runai, k8s/);
  await writeFile(config, 'client: {cpus: many}\n');
  const badCpus = spawnWorker(['-c', config, ...at]);
  t.like(await badCpus.exited, { code: 1 });
  t.regex(badCpus.output(), /client\.cpus must be a whole number/);
  const badEnv = spawnWorker([...at, '--env', 'no-equals']);
  t.like(await badEnv.exited, { code: 2 });
  t.regex(badEnv.output(), /--env "no-equals": expected NAME=VALUE/);
  t.is((await jobStatus(server.client, job.id)).status, 'PENDING');
});

test("the original's worker flags -e, --accel, --name, --cpus and -f cli win over client: and formatter:", async (t) => {
  const server = await startTestServer();
  const lab = await createLab(server.client, { required_accelerators: 1 });
  const dir = await scratchDir();
  const envOut = join(dir, 'env.json');
  const config = join(dir, 'team.yaml');
  await writeFile(
    config,
    [
      `server: {host: 127.0.0.1, port: ${server.port}}`,
      `project: ${lab.projectName}`,
      'client: {name: config-name, entity: config-entity, cpus: 3, accelerators: 0}',
      // -f cli below: the slurm type and its section are not used.
      'formatter: {type: slurm, slurm: {partition: nowhere}}',
      '',
    ].join('\n'),
  );
  const job = await submit(server.client, lab.projectId, lab.taskId, JSON.stringify({ 'env-out': envOut }));
  const worker = spawnWorker([
    ...['-c', config, '--once', '--id', 'flag-worker', '--log-dir', join(dir, 'logs'), '--executable', process.execPath, '--script', PROBE],
    ...['-e', 'flag-entity', '--accel', '2', '--name', 'flag-name', '--cpus', '5', '-f', 'cli'],
  ]);
  t.like(await worker.exited, { code: 0 }, worker.output());
  t.is((await jobStatus(server.client, job.id)).status, 'COMPLETED', worker.output());
  const clients = await need(server.client.listClients({ activeOnly: false, limit: 100 }));
  t.like(clients.find((client) => client.id === 'flag-worker'), { name: 'flag-name', entity: 'flag-entity', available_cpu: 5, available_accelerators: 2 });
  const env = JSON.parse(await readFile(envOut, 'utf8'));
  t.is(env.CUDA_VISIBLE_DEVICES, '0', 'the job asking for one accelerator got one of the two --accel offers');
  t.regex(worker.output(), /subprocess executor/);
});
