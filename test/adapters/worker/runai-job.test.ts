import { readFileSync } from 'node:fs';
import test from 'ava';
import { runaiSubmitArgs } from '../../../src/adapters/worker/executors/runai/runai-submission.js';
import { runaiJobState } from '../../../src/adapters/worker/executors/runai/runai-status.js';
import { jobIdentityEnvironment } from '../../../src/adapters/worker/executors/job-environment.js';
import { claimedJob } from '../../worker/executor-kit.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../worker/fixtures/runai/${name}`, import.meta.url), 'utf8'));

test('runai submit gets the name, image, resources and environment, and the argv after --', (t) => {
  const claimed = claimedJob(7, '{}', { cpu: 4, accelerators: 2, memoryMb: 8192 });
  t.deepEqual(runaiSubmitArgs(claimed, ['python', 'train.py', '--lr', '1.0'], { name: 'wn-7-x', image: 'pytorch:2', project: 'team-a', env: { WHATSNEXT_JOB_ID: '7' }, extraArgs: ['--node-type', 'a100'] }), [
    'submit',
    'wn-7-x',
    '--image',
    'pytorch:2',
    '--project',
    'team-a',
    '--gpu',
    '2',
    '--cpu',
    '4',
    '--memory',
    '8192M',
    '--environment',
    'WHATSNEXT_JOB_ID=7',
    '--node-type',
    'a100',
    '--command',
    '--',
    'python',
    'train.py',
    '--lr',
    '1.0',
  ]);
});

test('no GPUs, no memory and no project leave their options out', (t) => {
  const args = runaiSubmitArgs(claimedJob(7, '{}'), ['true'], { name: 'n', image: 'i', project: null, env: {}, extraArgs: [] });
  t.deepEqual(args, ['submit', 'n', '--image', 'i', '--cpu', '1', '--command', '--', 'true']);
});

test('recorded Run:ai statuses map to outcomes', (t) => {
  t.deepEqual(runaiJobState('j', fixture('describe-pending.json')), { kind: 'active', detail: 'Pending' });
  t.deepEqual(runaiJobState('j', fixture('describe-running.json')), { kind: 'active', detail: 'Running' });
  t.deepEqual(runaiJobState('j', fixture('describe-succeeded.json')), { kind: 'succeeded' });
  t.deepEqual(runaiJobState('j', fixture('describe-completed.json')), { kind: 'succeeded' });
  t.deepEqual(runaiJobState('j', fixture('describe-failed.json')), { kind: 'failed', reason: 'Run:ai job j ended Failed', exitCode: 137 });
});

test("the worker's --env and the job's identity become --environment; the original's gpu/cpu/memory/working_dir come after the job's own, so they win", (t) => {
  const claimed = claimedJob(7, '{}', { cpu: 4, accelerators: 2 });
  const env = jobIdentityEnvironment(claimed, { WANDB_MODE: 'offline', WHATSNEXT_JOB_ID: 'spoofed' });
  const args = runaiSubmitArgs(claimed, ['true'], { name: 'n', image: 'i', project: null, env, extraArgs: ['--gpu', '1', '--memory', '4Gi', '--working-dir', '/work'] });
  const environment = args.flatMap((arg, i) => (args[i - 1] === '--environment' ? [arg] : []));
  t.deepEqual(environment, ['WANDB_MODE=offline', 'WHATSNEXT_JOB_ID=7', `WHATSNEXT_JOB_NAME=${claimed.job.name}`, `WHATSNEXT_TASK_NAME=${claimed.task.name}`, 'WHATSNEXT_PROJECT_ID=1']);
  const beforeCommand = args.slice(0, args.indexOf('--command'));
  t.deepEqual(beforeCommand.slice(-6), ['--gpu', '1', '--memory', '4Gi', '--working-dir', '/work']);
  t.true(beforeCommand.indexOf('--gpu') < beforeCommand.lastIndexOf('--gpu'), "the job's own --gpu 2 comes first");
});
