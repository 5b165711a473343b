import { readFileSync } from 'node:fs';
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { batchScript, checkBatchTemplate, parseSbatchId, sbatchArgs, slurmJobName, templatedBatchScript } from '../../../src/adapters/worker/executors/slurm/sbatch-submission.js';
import { parseScontrolJob, parseSqueueState, slurmState } from '../../../src/adapters/worker/executors/slurm/slurm-state.js';
import { claimedJob } from '../../worker/executor-kit.js';

const fixture = (name: string): string => readFileSync(new URL(`../../worker/fixtures/slurm/${name}`, import.meta.url), 'utf8');

const options = { scriptPath: '/logs/job-7.sbatch', logPath: '/logs/job-7.log', workdir: '/work', partition: null, extraArgs: [] };

test('a job asking for CPUs, GPUs, memory and a timeout becomes sbatch options', (t) => {
  const claimed = claimedJob(7, '{}', { cpu: 4, accelerators: 2, memoryMb: 16000, timeoutSeconds: 90 });
  t.deepEqual(sbatchArgs(claimed, { ...options, partition: 'gpu', extraArgs: ['--qos=high'] }), [
    '--parsable',
    '--job-name=wn-7-job-7',
    '--chdir=/work',
    '--output=/logs/job-7.log',
    '--open-mode=append',
    '--cpus-per-task=4',
    '--gres=gpu:2',
    '--mem=16000M',
    '--time=2',
    '--partition=gpu',
    '--qos=high',
    '/logs/job-7.sbatch',
  ]);
});

test('no GPUs, no memory and no timeout leave their options out', (t) => {
  const args = sbatchArgs(claimedJob(7, '{}'), options);
  t.false(args.some((a) => /^--(gres|mem|time|partition)=/.test(a)));
  t.true(args.includes('--cpus-per-task=1'));
});

test('job names are kept short and plain', (t) => {
  const claimed = claimedJob(3, '{}');
  t.is(slurmJobName({ ...claimed, job: { ...claimed.job, name: 'lr=0.1 / seed 3; $(x)' } }), 'wn-3-lr_0.1_seed_3_x_');
});

test('the batch script execs the argv, each word quoted for the shell', (t) => {
  t.is(batchScript(['python', 'train.py', '--name', "it's; $(x)"]), "#!/bin/sh\n# written by the WhatsNext worker\nexec python train.py --name 'it'\\''s; $(x)'\n");
});

test('sbatch --parsable answers with the id, maybe with the cluster', (t) => {
  t.is(parseSbatchId('123\n'), '123');
  t.is(parseSbatchId('123;cluster\n'), '123');
  t.is(parseSbatchId('sbatch: error: nope'), null);
});

test('recorded scontrol answers map to outcomes: COMPLETED, FAILED with its exit code, CANCELLED, TIMEOUT', (t) => {
  t.deepEqual(slurmState('1', parseScontrolJob(fixture('scontrol-completed.txt'))), { kind: 'succeeded' });
  t.deepEqual(slurmState('2', parseScontrolJob(fixture('scontrol-failed-exit-3.txt'))), {
    kind: 'failed',
    reason: 'SLURM job 2 ended FAILED with exit code 3',
    exitCode: 3,
  });
  t.deepEqual(slurmState('4', parseScontrolJob(fixture('scontrol-cancelled.txt'))), {
    kind: 'failed',
    reason: 'SLURM job 4 ended CANCELLED with exit code 0 (signal 15)',
    exitCode: 0,
  });
  t.like(slurmState('4', parseScontrolJob(fixture('scontrol-timeout.txt'))), { kind: 'failed', reason: 'SLURM job 4 ended TIMEOUT with exit code 0 (signal 15)' });
});

test('every failure state of SLURM fails the job; the others keep it active; no answer means gone', (t) => {
  for (const state of ['FAILED', 'CANCELLED', 'TIMEOUT', 'OUT_OF_MEMORY', 'NODE_FAIL', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE']) {
    t.is(slurmState('9', { state, exitCode: 1, signal: 0 }).kind, 'failed', state);
  }
  for (const state of ['PENDING', 'RUNNING', 'COMPLETING', 'CONFIGURING', 'SUSPENDED', 'REQUEUED']) {
    t.is(slurmState('9', { state, exitCode: 0, signal: 0 }).kind, 'active', state);
  }
  t.deepEqual(slurmState('9', parseSqueueState(fixture('squeue-running.txt'))), { kind: 'active', detail: 'RUNNING' });
  t.deepEqual(slurmState('9', parseSqueueState('')), { kind: 'gone' });
  t.is(parseScontrolJob('slurm_load_jobs error: Invalid job id specified'), null);
});

test('a batch script template gets the job: {command} quoted for the shell, its id, name, task, project and working directory', (t) => {
  const claimed = claimedJob(7, '{}');
  const template = '#!/bin/bash\n#SBATCH --comment={job_name}\necho "{job_id} {task} {project_id} {workdir} ${{HOME}}"\nexec {command}\n';
  t.deepEqual(
    templatedBatchScript(template, claimed, ['python', 'train.py', '--name', "it's"], '/work'),
    E.right(`#!/bin/bash\n#SBATCH --comment=${claimed.job.name}\necho "7 ${claimed.task.name} 1 /work \${HOME}"\nexec python train.py --name 'it'\\''s'\n`),
  );
});

test('a template is checked at start: an unknown placeholder, a stray brace or no {command} is refused, saying which', (t) => {
  t.deepEqual(checkBatchTemplate('exec {command}\n'), E.right('exec {command}\n'));
  t.deepEqual(checkBatchTemplate('echo {jobid}\nexec {command}\n'), E.left('the SLURM batch script template uses {jobid}, not one of {command}, {job_id}, {job_name}, {task}, {project_id}, {workdir}'));
  t.deepEqual(checkBatchTemplate('echo ${HOME}\nexec {command}\n'), E.left('the SLURM batch script template uses {HOME}, not one of {command}, {job_id}, {job_name}, {task}, {project_id}, {workdir}'));
  const strayBrace = checkBatchTemplate('echo }\nexec {command}\n');
  t.regex(E.isLeft(strayBrace) ? strayBrace.left : 'accepted', /a single } .*write }} for a brace/);
  t.deepEqual(checkBatchTemplate('echo {{command}}\n'), E.left('the SLURM batch script template has no {command}: the job would not run'));
});
