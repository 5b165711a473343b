import test from 'ava';
import { parseConfigFile } from '../../../src/adapters/cli/config/config-file.js';
import { workerConfig } from '../../../src/adapters/cli/config/worker-config.js';

const configOf = (yaml: string) => workerConfig(parseConfigFile(yaml, '/w/.whatsnext'));

test("no file, or no sections: no defaults", (t) => {
  t.deepEqual(workerConfig(null), { submitArgs: [], environment: {}, warnings: [] });
  t.deepEqual(configOf('project: p\n'), { submitArgs: [], environment: {}, warnings: [] });
});

test("the original's SlurmFormatter options become sbatch arguments after the job's own; the template is found beside the file", (t) => {
  const config = configOf(
    'formatter:\n  type: slurm\n  slurm:\n    partition: gpu\n    time: "2:00:00"\n    nodes: 1\n    cpus_per_task: 4\n    mem: 16G\n    gpus: 2\n    extra_args: [--account=lab]\n    template: job.sbatch\n    environment: {WANDB_MODE: offline}\n',
  );
  t.deepEqual(config, {
    formatter: 'slurm',
    partition: 'gpu',
    template: '/w/job.sbatch',
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

test("-f picks the section, as the original's --formatter does: the slurm options apply with no type, the slurm type's are ignored for -f cli", (t) => {
  const yaml = 'formatter:\n  slurm: {partition: gpu, extra_args: [--qos=high], template: ../t.sbatch}\n  cli: {script: train.py}\n';
  const file = parseConfigFile(yaml, '/w/project/.whatsnext');
  t.like(workerConfig(file), { script: 'train.py', submitArgs: [] });
  t.false('partition' in workerConfig(file));
  t.like(workerConfig(file, 'SLURM'), { partition: 'gpu', submitArgs: ['--qos=high'], template: '/w/t.sbatch' });
  t.false('script' in workerConfig(file, 'slurm'));
  const typed = parseConfigFile('formatter: {type: slurm, slurm: {partition: gpu}, cli: {script: train.py}}\n', '/w/.whatsnext');
  t.like(workerConfig(typed, 'cli'), { formatter: 'slurm', script: 'train.py' });
  t.false('partition' in workerConfig(typed, 'cli'));
});

test("a bad value in a section that does not run is not an error (only unknown keys are reported there)", (t) => {
  const config = configOf('formatter: {type: cli, runai: {gpu: lots, colour: red}}\n');
  t.deepEqual(config.warnings, ["/w/.whatsnext: unknown key 'formatter.runai.colour' (ignored)"]);
  t.throws(() => workerConfig(parseConfigFile('formatter: {type: cli, runai: {gpu: lots}}\n', '/w/.whatsnext'), 'runai'), { message: /formatter\.runai\.gpu must be a whole number of 0 or more, got "lots"/ });
});
