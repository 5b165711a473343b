import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { jsonOf, newProject, runCliOnTty, startCliServer, tempDir, type CliServer } from './cli-harness.js';

let server: CliServer;
test.before(async () => {
  server = await startCliServer();
});

const DAG = `# a whole DAG in one file
- key: prep
  task: prepare
  parameters: {dataset: cifar10}
- key: a
  task: train
  parameters: {lr: 0.1, big: 1152921504606846977}
  depends_on: [prep]
- key: b
  task: train
  name: train-b
  parameters: {lr: 1.0}
  depends_on: [prep]
  priority: 5
- task: evaluate
  name: compare
  depends_on: [a, b, {position: 0}]
`;

test('add-batch sends a YAML DAG in one batch: references resolved, parameters exact', async (t) => {
  const { wn } = await newProject(server, ['prepare', 'train', 'evaluate']);
  const dir = await tempDir();
  const file = join(dir, 'dag.yaml');
  await writeFile(file, DAG);
  const result = await wn('jobs', 'add-batch', file, '--json');
  t.is(result.code, 0, result.stderr);
  const answer = JSON.parse(result.stdout);
  t.is(answer.created, 4);
  const [prep, a, b, compare] = answer.job_ids as number[];
  t.deepEqual(answer.jobs.map((j: { name: string; key: string | null }) => [j.name, j.key]), [
    ['prepare dataset=cifar10', 'prep'],
    ['train lr=0.1 big=1152921504606846977', 'a'],
    ['train-b', 'b'],
    ['compare', null],
  ]);
  const jobs = await wn('jobs', 'ls', '--json');
  t.true(jobs.stdout.includes('"parameters":{"lr":0.1,"big":1152921504606846977}'));
  t.true(jobs.stdout.includes('"parameters":{"lr":1.0}'));
  const last = jsonOf(await wn('jobs', 'show', String(compare), '--json'));
  t.deepEqual(Object.keys(last.depends).map(Number).sort((x, y) => x - y), [prep, a, b]);
  t.is(jsonOf(await wn('jobs', 'show', String(b), '--json')).priority, 5);
  const people = await wn('jobs', 'add-batch', file);
  t.regex(people.stdout, /^Created 4 jobs:\nID\s+NAME\n\d+\s+prepare dataset=cifar10\n/);
});

test('add-batch takes JSON, and refers to existing jobs by id', async (t) => {
  const { wn } = await newProject(server, ['train']);
  const existing = jsonOf(await wn('jobs', 'add', 'train', '--json'));
  const file = join(await tempDir(), 'jobs.json');
  await writeFile(file, JSON.stringify({ task: 'train', jobs: [{ parameters: { x: 1 } }, { name: 'after', depends_on: [existing.id] }] }).replace('"x":1', '"x":1.0'));
  const answer = jsonOf(await wn('jobs', 'add-batch', file, '--json'));
  t.is(answer.created, 2);
  t.deepEqual(jsonOf(await wn('jobs', 'show', String(answer.job_ids[1]), '--json')).depends, { [String(existing.id)]: 'train' });
  t.true((await wn('jobs', 'show', String(answer.job_ids[0]), '--json')).stdout.includes('"parameters":{"x":1.0}'));
});

test("add-batch takes the original docs' form: depends keyed by job names of the file or the project; an unknown name is exit 1 naming it", async (t) => {
  const { wn } = await newProject(server, ['train', 'eval']);
  const baseline = jsonOf(await wn('jobs', 'add', 'train', '--name', 'baseline', '--json'));
  const dir = await tempDir();
  const file = join(dir, 'docs.yaml');
  await writeFile(file, ['- {name: train-v1, task: train, parameters: {lr: 0.1}}', '- {name: eval-v1, task: eval, depends: {train-v1: "0", baseline: "1"}}', ''].join('\n'));
  const answer = jsonOf(await wn('jobs', 'add-batch', file, '--json'));
  const [train, evaluation] = answer.job_ids as number[];
  t.deepEqual(jsonOf(await wn('jobs', 'show', String(evaluation), '--json')).depends, { [String(baseline.id)]: 'baseline', [String(train)]: 'train-v1' });

  const unknown = join(dir, 'unknown.yaml');
  await writeFile(unknown, '- {name: eval-v2, task: eval, depends: {train-v2: "0"}}\n');
  const refused = await wn('jobs', 'add-batch', unknown);
  t.is(refused.code, 1);
  t.regex(refused.stderr, /depends key 'train-v2' is not a job id, and no job named 'train-v2' exists in the batch or in project \d+/);
  t.is(jsonOf(await wn('jobs', 'ls', '--json')).length, 3, 'nothing of the refused file was added');
});

test('add-batch errors: missing file, bad file, unknown task, a cycle-free but unknown id (exit 1)', async (t) => {
  const { wn } = await newProject(server, ['train']);
  const dir = await tempDir();
  const missing = await wn('jobs', 'add-batch', join(dir, 'nope.yaml'));
  t.is(missing.code, 1);
  t.regex(missing.stderr, /^whatsnext: cannot read .*nope\.yaml: ENOENT\n$/);
  const bad = join(dir, 'bad.yaml');
  await writeFile(bad, '- {task: train, depends_on: [ghost]}\n');
  const badResult = await wn('jobs', 'add-batch', bad);
  t.is(badResult.code, 1);
  t.is(badResult.stderr, `whatsnext: ${bad}: jobs.0.depends_on.0: no job of the file has the key 'ghost'\n`);
  const unknownTask = join(dir, 'task.yaml');
  await writeFile(unknownTask, '- {task: nope}\n');
  const taskResult = await wn('jobs', 'add-batch', unknownTask);
  t.is(taskResult.code, 1);
  t.regex(taskResult.stderr, /^whatsnext: task 'nope': /);
  const unknownId = join(dir, 'id.yaml');
  await writeFile(unknownId, '- {task: train}\n- {task: train, depends_on: [99999999]}\n');
  const idResult = await wn('jobs', 'add-batch', unknownId);
  t.is(idResult.code, 1);
  t.regex(idResult.stderr, /^whatsnext: cannot add the jobs of .*99999999.*\(HTTP 4\d\d\)\n$/);
  t.deepEqual(jsonOf(await wn('jobs', 'ls', '--json')), [], 'all or nothing');
});

test('sweep: the cartesian product in one batch, readable names, ids printed', async (t) => {
  const { wn } = await newProject(server, ['train']);
  const result = await wn('jobs', 'sweep', 'train', '--grid', 'lr=0.1,1.0', '--grid', 'seed=1..3', '--param', 'epochs=10', '--priority', '2');
  t.is(result.code, 0, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  t.is(lines[0], 'Created 6 jobs:');
  t.regex(lines[1]!, /^ID\s+NAME$/);
  t.deepEqual(lines.slice(2).map((line) => line.replace(/^\d+\s+/, '')), [
    'train lr=0.1 seed=1',
    'train lr=0.1 seed=2',
    'train lr=0.1 seed=3',
    'train lr=1.0 seed=1',
    'train lr=1.0 seed=2',
    'train lr=1.0 seed=3',
  ]);
  const jobs = await wn('jobs', 'ls', '--json');
  t.true(jobs.stdout.includes('"parameters":{"lr":1.0,"seed":2,"epochs":10}'));
  t.true((JSON.parse(jobs.stdout) as { priority: number }[]).every((j) => j.priority === 2));
});

test('sweep --random N --seed S picks the same points again; without a seed it prints the one it used', async (t) => {
  const { wn } = await newProject(server, ['train']);
  const args = ['jobs', 'sweep', 'train', '--grid', 'lr=0.1,0.03,0.01,0.003', '--grid', 'seed=1..10', '--random', '5'];
  const first = jsonOf(await wn(...args, '--seed', '42', '--json'));
  const second = jsonOf(await wn(...args, '--seed', '42', '--json'));
  t.is(first.created, 5);
  t.deepEqual(first.jobs.map((j: { name: string }) => j.name), second.jobs.map((j: { name: string }) => j.name));
  t.is(new Set(first.jobs.map((j: { name: string }) => j.name)).size, 5);
  const unseeded = await wn(...args, '--dry-run');
  const seed = /random seed: (\d+) \(pass --seed \1/.exec(unseeded.stderr)?.[1];
  t.truthy(seed, unseeded.stderr);
  const replay = await wn(...args, '--dry-run', '--seed', seed!);
  t.is(replay.stdout, unseeded.stdout);
});

test('sweep --dry-run adds nothing and needs no server', async (t) => {
  const result = await (await newProject(server, ['train'])).wn('jobs', 'sweep', 'train', '--grid', 'lr=0.1,0.01', '--dry-run', '--port', '1');
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /^NAME\s+PARAMETERS\ntrain lr=0\.1\s+\{"lr":0\.1\}\ntrain lr=0\.01\s+\{"lr":0\.01\}\n2 jobs \(dry run: nothing added\)\n$/);
});

test('sweep usage errors: no grid, a bad grid, --seed without --random, too many random points (exit 2)', async (t) => {
  const { wn } = await newProject(server, ['train']);
  for (const args of [[], ['--grid', 'lr'], ['--grid', 'lr=1', '--seed', '3'], ['--grid', 'lr=1,2', '--random', '3'], ['--grid', 'lr=1', '--param', 'lr=2']]) {
    const result = await wn('jobs', 'sweep', 'train', ...args);
    t.is(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
  }
  const unknown = await wn('jobs', 'sweep', 'nope', '--grid', 'lr=1');
  t.is(unknown.code, 1);
});

/** How many batch requests the server answered 201, from its metrics. */
const batchesCreated = async (): Promise<number> => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('whatsnext_http_requests_total') && l.includes('/jobs/batch') && l.includes('status="201"'));
  return line === undefined ? 0 : Number(line.split(' ').pop());
};

test.serial('a sweep of 12,000 jobs goes in three batches of at most 5,000 and prints a summary', async (t) => {
  const { wn } = await newProject(server, ['train']);
  const before = await batchesCreated();
  const result = await wn('jobs', 'sweep', 'train', '--grid', 'a=1..120', '--grid', 'b=1..100');
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /^Created 12000 jobs: ids \d+ to \d+ \(--json lists each one\)\.\n$/);
  t.is(result.stderr, '', 'no progress bar without a terminal');
  const stats = jsonOf(await wn('queue', 'stats', '--json'));
  t.is(stats.total, 12000);
  t.is((await batchesCreated()) - before, 3);
  const json = jsonOf(await wn('jobs', 'ls', '-n', '10000', '--json')) as { name: string }[];
  t.is(json[0]!.name, 'train a=1 b=1');
  t.is(json[9999]!.name, 'train a=100 b=100');
});

test('a large sweep shows a progress bar on a terminal', async (t) => {
  const { project } = await newProject(server, ['train']);
  const result = await runCliOnTty(['jobs', 'sweep', 'train', '--grid', 'a=1..2000', ...server.flags, '--project', project]);
  if (result === null) return t.pass('util-linux script is not installed');
  t.is(result.code, 0, result.stdout);
  t.regex(result.stdout, /Adding sweep \[.*\] 2000\/2000 100%/);
  t.regex(result.stdout, /Created 2000 jobs: ids \d+ to \d+/);
});
