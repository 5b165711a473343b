import { readFileSync } from 'node:fs';
import test from 'ava';
import { jobManifest, kubernetesJobName } from '../../../src/adapters/worker/executors/kubernetes/job-manifest.js';
import { kubernetesJobState, podExitCode } from '../../../src/adapters/worker/executors/kubernetes/kubernetes-status.js';
import { jobIdentityEnvironment } from '../../../src/adapters/worker/executors/job-environment.js';
import { claimedJob } from '../../worker/executor-kit.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../worker/fixtures/kubernetes/${name}`, import.meta.url), 'utf8'));

test('the manifest is a batch/v1 Job that runs the argv once with the resources the task asks for', (t) => {
  const claimed = claimedJob(7, '{}', { cpu: 4, accelerators: 2, memoryMb: 8192, timeoutSeconds: 3600 });
  const manifest = jobManifest(claimed, ['python', 'train.py', '--lr', '1.0'], { name: 'wn-7-x', image: 'pytorch:2', namespace: 'ml', env: { WHATSNEXT_JOB_ID: '7' } });
  const wanted = { cpu: '4', memory: '8192Mi', 'nvidia.com/gpu': '2' };
  t.deepEqual(manifest, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'wn-7-x', namespace: 'ml', labels: { 'app.kubernetes.io/managed-by': 'whatsnext', 'whatsnext.io/job-id': '7', 'whatsnext.io/project-id': '1' } },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: 3600,
      template: {
        metadata: { labels: { 'app.kubernetes.io/managed-by': 'whatsnext', 'whatsnext.io/job-id': '7', 'whatsnext.io/project-id': '1' } },
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'job', image: 'pytorch:2', command: ['python', 'train.py', '--lr', '1.0'], env: [{ name: 'WHATSNEXT_JOB_ID', value: '7' }], resources: { requests: wanted, limits: wanted } }],
        },
      },
    },
  });
  // JSON is YAML: kubectl apply -f - reads it as is.
  t.notThrows(() => JSON.parse(JSON.stringify(manifest)));
});

test('no GPUs and no memory leave those resources out', (t) => {
  const manifest = jobManifest(claimedJob(7, '{}'), ['true'], { name: 'n', image: 'i', namespace: null, env: {} });
  t.deepEqual(manifest.spec.template.spec.containers[0]!.resources, { requests: { cpu: '1' }, limits: { cpu: '1' } });
  t.false('namespace' in manifest.metadata);
  t.false('activeDeadlineSeconds' in manifest.spec);
});

test('job names are valid DNS-1123 labels', (t) => {
  const claimed = claimedJob(12, '{}');
  const name = kubernetesJobName({ ...claimed, job: { ...claimed.job, name: 'LR=0.1 / Seed_3 ' + 'x'.repeat(80) } }, 'a1b2c3');
  t.regex(name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  t.true(name.length <= 63);
  t.true(name.startsWith('wn-12-lr-0-1-seed-3-'));
});

test('recorded job states map to outcomes, with the reason of a failure', (t) => {
  t.deepEqual(kubernetesJobState('j', fixture('job-pending.json')), { kind: 'active', detail: 'Pending' });
  t.deepEqual(kubernetesJobState('j', fixture('job-running.json')), { kind: 'active', detail: 'Running' });
  t.deepEqual(kubernetesJobState('j', fixture('job-complete.json')), { kind: 'succeeded' });
  t.deepEqual(kubernetesJobState('j', fixture('job-failed-backoff.json')), {
    kind: 'failed',
    reason: 'Kubernetes job j failed (BackoffLimitExceeded: Job has reached the specified backoff limit)',
    exitCode: null,
  });
  t.like(kubernetesJobState('j', fixture('job-failed-deadline.json')), { kind: 'failed', reason: 'Kubernetes job j failed (DeadlineExceeded: Job was active longer than specified deadline)' });
  t.is(podExitCode(fixture('pods-exit-3.json')), 3);
  t.is(podExitCode({ items: [] }), null);
});

test("the worker's --env reaches the container beside the job's identity, which it cannot override", (t) => {
  const claimed = claimedJob(7, '{}');
  const env = jobIdentityEnvironment(claimed, { WANDB_MODE: 'offline', HF_HOME: '/cache/hf', WHATSNEXT_JOB_ID: 'spoofed' });
  const container = jobManifest(claimed, ['true'], { name: 'n', image: 'i', namespace: null, env }).spec.template.spec.containers[0]!;
  t.deepEqual(container.env, [
    { name: 'WANDB_MODE', value: 'offline' },
    { name: 'HF_HOME', value: '/cache/hf' },
    { name: 'WHATSNEXT_JOB_ID', value: '7' },
    { name: 'WHATSNEXT_JOB_NAME', value: claimed.job.name },
    { name: 'WHATSNEXT_TASK_NAME', value: claimed.task.name },
    { name: 'WHATSNEXT_PROJECT_ID', value: '1' },
  ]);
});
