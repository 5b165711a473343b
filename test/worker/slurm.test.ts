import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { SLURM_BINARIES, SlurmExecutor } from '../../src/adapters/worker/executors/slurm/slurm-executor.js';
import { parseScontrolJob } from '../../src/adapters/worker/executors/slurm/slurm-state.js';
import { PROBE, readEnds, readRecords, scratchDir, until } from './executor-kit.js';
import { createLab, jobStatus, need, settled, startHttpWorker, startTestServer, type TestServer } from './server-kit.js';
import { spawnWorker } from './worker-process.js';

/** Why the SLURM tests cannot run here, or null when a cluster answers. */
const slurmMissing = (): string | null => {
  try {
    execFileSync('sbatch', ['--version'], { stdio: 'ignore' });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'sbatch is not on PATH' : `sbatch --version failed: ${(error as Error).message.split('\n')[0]}`;
  }
  try {
    const ping = execFileSync('scontrol', ['ping'], { encoding: 'utf8', timeout: 10_000 });
    return /is UP/.test(ping) ? null : `scontrol ping: ${ping.trim()}`;
  } catch (error) {
    return `scontrol ping failed: ${(error as Error).message.split('\n')[0]}`;
  }
};

const scontrol = (slurmId: string): string => execFileSync('scontrol', ['show', 'job', '-o', slurmId], { encoding: 'utf8' });
const slurmStateOf = (slurmId: string): string => parseScontrolJob(scontrol(slurmId))?.state ?? 'GONE';

/** A SLURM worker over HTTP running the probe; `submitted` maps job ids to SLURM ids. */
const slurmWorker = async (server: TestServer, projectId: number) => {
  const dir = await scratchDir('wn-slurm-');
  const record = join(dir, 'records.jsonl');
  const submitted = new Map<number, string>();
  const executor = new SlurmExecutor({
    executable: process.execPath,
    script: PROBE,
    logDir: join(dir, 'logs'),
    workdir: dir,
    partition: null,
    extraArgs: [],
    extraEnv: { PROBE_RECORD: record },
    batchTemplate: null,
    binaries: SLURM_BINARIES,
    pollMs: 200,
    cancelWaitMs: 20_000,
    onSubmitted: (jobId, slurmId) => submitted.set(jobId, slurmId),
  });
  const worker = await startHttpWorker(server, projectId, executor, { cpu: 2, accelerators: 2, concurrency: 3 });
  return { ...worker, record, submitted };
};

const missing = slurmMissing();
if (missing !== null) {
  test.skip(`SLURM: skipped (${missing}; start a cluster with /work/shared/engines/slurm-up.sh)`, () => {});
} else {
  let server: TestServer;
  test.before(async () => {
    server = await startTestServer();
  });

  test('a three-job dependency chain runs in order through SLURM, parameters reaching argv exactly', async (t) => {
    const lab = await createLab(server.client);
    const { record, submitted } = await slurmWorker(server, lab.projectId);
    const { job_ids: ids } = await need(
      server.client.submitBatch(lab.projectId, [
        { key: 'a', name: 'a', task_id: lab.taskId, parameters: '{"step": "a", "sleep": 0.3}' },
        { key: 'b', name: 'b', task_id: lab.taskId, parameters: '{"step": "b", "sleep": 0.3, "lr": 1.0, "text": "it\'s $(rm -rf /) ; | & `id`"}', depends_on: ['a'] },
        { name: 'c', task_id: lab.taskId, parameters: '{"step": "c"}', depends_on: ['b'] },
      ]),
    );
    const jobs = await settled(server.client, ids, 60_000);
    t.deepEqual(jobs.map((j) => j.status), ['COMPLETED', 'COMPLETED', 'COMPLETED']);
    const starts = await readRecords(record);
    const ends = await readEnds(record);
    t.deepEqual(starts.map((s) => s.argv[1]), ['a', 'b', 'c']);
    for (let i = 1; i < starts.length; i++) t.true(starts[i]!.start >= ends[i - 1]!.end, 'each job started after the one it depends on ended');
    t.deepEqual(starts[1]!.argv, ['--step', 'b', '--sleep', '0.3', '--lr', '1.0', '--text', "it's $(rm -rf /) ; | & `id`"]);
    t.deepEqual(ids.map((id) => slurmStateOf(submitted.get(id)!)), ['COMPLETED', 'COMPLETED', 'COMPLETED']);
  });

  test('a job failing under SLURM is FAILED with the state and exit code, and blocks its dependents', async (t) => {
    const lab = await createLab(server.client);
    const { submitted } = await slurmWorker(server, lab.projectId);
    const { job_ids: ids } = await need(
      server.client.submitBatch(lab.projectId, [
        { key: 'a', name: 'a', task_id: lab.taskId, parameters: '{"lines": 2, "exit": 3}' },
        { name: 'b', task_id: lab.taskId, parameters: '{}', depends_on: ['a'] },
      ]),
    );
    const [failed, blocked] = await settled(server.client, ids, 60_000);
    t.like(failed, { status: 'FAILED', exit_code: 3 });
    t.regex(failed!.failure_reason ?? '', new RegExp(`^SLURM job ${submitted.get(ids[0]!)} ended FAILED with exit code 3\\n[\\s\\S]*line 2$`));
    t.like(blocked, { status: 'BLOCKED', blocked_by: ids[0] });
    t.false(submitted.has(ids[1]!), 'the blocked job never reached SLURM');
  });

  test('cancelling a job on the server reaches scancel', async (t) => {
    const lab = await createLab(server.client);
    const { submitted, events } = await slurmWorker(server, lab.projectId);
    const job = await need(server.client.createJob(lab.projectId, { name: 'long', task_id: lab.taskId, parameters: '{"sleep": 120}' }));
    await until(() => submitted.has(job.id) && slurmStateOf(submitted.get(job.id)!) === 'RUNNING', 30_000, 'the SLURM job running');
    await need(server.client.cancelJob(job.id));
    await until(() => slurmStateOf(submitted.get(job.id)!) === 'CANCELLED', 15_000, 'the SLURM job cancelled');
    await until(() => events.some((e) => e.type === 'dropped' && e.jobId === job.id), 15_000, 'the result dropped');
    t.is((await jobStatus(server.client, job.id)).status, 'CANCELLED');
  });

  test('a task asking for GPUs becomes a --gres request of the SLURM job', async (t) => {
    const lab = await createLab(server.client, { required_accelerators: 1 });
    const { submitted } = await slurmWorker(server, lab.projectId);
    const job = await need(server.client.createJob(lab.projectId, { name: 'gpu', task_id: lab.taskId, parameters: '{"sleep": 0.2}' }));
    const [done] = await settled(server.client, [job.id], 60_000);
    t.is(done!.status, 'COMPLETED');
    t.regex(scontrol(submitted.get(job.id)!), /TresPerNode=gres:gpu:1\b/);
  });

  test('the CLI worker with -f slurm: .whatsnext gives the template and sbatch arguments, --sbatch-arg comes last and wins, --env reaches the job', async (t) => {
    const lab = await createLab(server.client);
    const dir = await scratchDir('wn-slurm-cli-');
    await writeFile(join(dir, 'job.sbatch'), '#!/bin/sh\n#SBATCH --comment=from-template\necho "template ran {job_name} of {task} in ${{PWD}} with ${{WN_MARK}}"\nexec {command}\n');
    // No formatter.type: -f slurm picks the slurm section, and its relative template is found beside the file.
    const config = join(dir, 'team.yaml');
    await writeFile(config, `project: ${lab.projectName}\nformatter:\n  slurm: {template: job.sbatch, extra_args: [--comment=from-config, --job-name=cfg-named]}\n`);
    const job = await need(server.client.createJob(lab.projectId, { name: 'templated', task_id: lab.taskId, parameters: '{"lines": 1}' }));
    const logDir = join(dir, 'logs');
    const worker = spawnWorker([
      ...['-c', config, '-s', '127.0.0.1', '-p', String(server.port), '--once', '-f', 'slurm'],
      ...['--executable', process.execPath, '--script', PROBE, '--log-dir', logDir, '--workdir', dir],
      ...['--sbatch-arg=--comment=wn-extra', '--env', 'WN_MARK=flag-env'],
    ]);
    t.like(await worker.exited, { code: 0 }, worker.output());
    t.is((await jobStatus(server.client, job.id)).status, 'COMPLETED', worker.output());
    const slurmId = new RegExp(`job ${job.id} submitted as slurm job (\\S+)`).exec(worker.output())?.[1];
    t.truthy(slurmId, worker.output());
    const shown = scontrol(slurmId!);
    t.regex(shown, /Comment=wn-extra\b/, "--sbatch-arg came after the template's #SBATCH line and the config's extra_args, and won");
    t.regex(shown, /JobName=cfg-named\b/, "the config's extra_args reached sbatch");
    const log = await readFile(join(logDir, `job-${job.id}.log`), 'utf8');
    t.regex(log, new RegExp(`template ran templated of ${lab.taskName} in ${dir} with flag-env`));
    t.regex(log, /line 1/);
  });

  test('a template with an unknown placeholder stops the CLI worker before it claims', async (t) => {
    const lab = await createLab(server.client);
    const dir = await scratchDir('wn-slurm-bad-');
    const template = join(dir, 'bad.sbatch');
    await writeFile(template, '#!/bin/sh\necho {jobid}\nexec {command}\n');
    const job = await need(server.client.createJob(lab.projectId, { name: 'untouched', task_id: lab.taskId, parameters: '{}' }));
    const worker = spawnWorker(['-s', '127.0.0.1', '-p', String(server.port), '-P', lab.projectName, '--once', '-f', 'slurm', '--slurm-template', template, '--log-dir', join(dir, 'logs')]);
    t.like(await worker.exited, { code: 1 });
    t.regex(worker.output(), /bad\.sbatch: the SLURM batch script template uses \{jobid\}, not one of \{command\}, \{job_id\}/);
    t.is((await jobStatus(server.client, job.id)).status, 'PENDING');
  });
}
