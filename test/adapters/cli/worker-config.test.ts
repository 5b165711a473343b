import test from 'ava';
import { parseConfigFile } from '../../../src/adapters/cli/config/config-file.js';
import { workerConfig } from '../../../src/adapters/cli/config/worker-config.js';

const configOf = (yaml: string) => workerConfig(parseConfigFile(yaml, '/w/.whatsnext'));

test("no file, or no sections: no defaults", (t) => {
  t.deepEqual(workerConfig(null), { submitArgs: [], environment: {}, warnings: [] });
  t.deepEqual(configOf('project: p\n'), { submitArgs: [], environment: {}, warnings: [] });
});

test("the original's SlurmFormatter options become sbatch arguments after the job's own", (t) => {
  const config = configOf(
    'formatter:\n  type: slurm\n  slurm:\n    partition: gpu\n    time: "2:00:00"\n    nodes: 1\n    cpus_per_task: 4\n    mem: 16G\n    gpus: 2\n    extra_args: [--account=lab]\n    template: job.sbatch\n    environment: {WANDB_MODE: offline}\n',
  );
  t.deepEqual(config, {
    formatter: 'slurm',
    partition: 'gpu',
    template: 'job.sbatch',
    submitArgs: ['--time=2:00:00', '--nodes=1', '--cpus-per-task=4', '--mem=16G', '--gres=gpu:2', '--account=lab'],
    environment: { WANDB_MODE: 'offline' },
    warnings: [],
  });
});

test("the original's RUNAIFormatter options become runai submit arguments; its environment the job's", (t) => {
  const config = configOf('formatter:\n  type: runai\n  runai: {project: team, image: "python:3.11", gpu: 1, cpu: 2, memory: 4Gi, working_dir: /work, environment: {A: 1}}\n');
  t.deepEqual(config, {
    formatter: 'runai',
    image: 'python:3.11',
    namespace: 'team',
    submitArgs: ['--gpu', '1', '--cpu', '2', '--memory', '4Gi', '--working-dir', '/work'],
    environment: { A: '1' },
    warnings: [],
  });
});

test('client: gives the worker name, entity and resources; the cli formatter its program', (t) => {
  t.deepEqual(configOf('client: {name: box, entity: lab, cpus: 8, accelerators: 2}\nformatter: {cli: {executable: python3, script: train.py, working_dir: /exp}}\n'), {
    name: 'box',
    entity: 'lab',
    cpus: 8,
    accelerators: 2,
    executable: 'python3',
    script: 'train.py',
    workdir: '/exp',
    submitArgs: [],
    environment: {},
    warnings: [],
  });
});

test('unknown keys inside client: and formatter: are warnings naming them; bad values are errors naming the key', (t) => {
  t.deepEqual(configOf('client: {cpu: 4}\nformatter: {kind: slurm, slurm: {partitions: a}}\n').warnings, [
    "/w/.whatsnext: unknown key 'client.cpu' (ignored)",
    "/w/.whatsnext: unknown key 'formatter.kind' (ignored)",
    "/w/.whatsnext: unknown key 'formatter.slurm.partitions' (ignored)",
  ]);
  t.throws(() => configOf('client: {accelerators: -1}\n'), { message: /\/w\/\.whatsnext: client\.accelerators must be a whole number of 0 or more, got -1/ });
  t.throws(() => configOf('formatter: {type: slurm, slurm: {extra_args: --x}}\n'), { message: /formatter\.slurm\.extra_args must be a list of strings/ });
  t.throws(() => configOf('formatter: {slurm: {}, cli: {environment: {"1BAD": x}}}\n'), { message: /formatter\.cli\.environment\.1BAD is not a variable name/ });
  t.throws(() => configOf('client: [a]\n'), { message: /client must be a mapping/ });
});
