import test from 'ava';
import { jsonOf, newProject, startCliServer, type CliServer } from './cli-harness.js';

let server: CliServer;
test.before(async () => {
  server = await startCliServer();
});

test('jobs add types --param values as the original and keeps them exact', async (t) => {
  const { wn } = await newProject(server);
  const result = await wn('jobs', 'add', 'train', '--param', 'lr=1.0', '--param', 'seed=3', '--param', 'big=1152921504606846977', '--param', 'amp=true', '--param', 'opt=adam', '--param', 'tiny=0.10', '--json');
  t.is(result.code, 0, result.stderr);
  t.true(result.stdout.includes('"parameters":{"lr":1.0,"seed":3,"big":1152921504606846977,"amp":true,"opt":"adam","tiny":0.10}'));
  const job = JSON.parse(result.stdout);
  t.like(job, { name: 'train lr=1.0 seed=3 big=1152921504606846977 amp=true opt=adam tiny=0.10', status: 'PENDING', priority: 0, depends: {} });
  const shown = await wn('jobs', 'show', String(job.id), '--json');
  t.true(shown.stdout.includes('"parameters":{"lr":1.0,"seed":3,"big":1152921504606846977,"amp":true,"opt":"adam","tiny":0.10}'));
  t.is(JSON.parse(shown.stdout).task_name, 'train');
  const people = await wn('jobs', 'add', 'train', '--param', 'lr=0.5');
  t.regex(people.stdout, /^Added job \d+ \(train lr=0\.5\) PENDING\n$/);
});

test('jobs add --depends encodes {"<id>": "<name>"}; --priority and --name', async (t) => {
  const { wn } = await newProject(server, ['prepare', 'train']);
  const first = jsonOf(await wn('jobs', 'add', 'prepare', '--name', 'data', '--json'));
  const second = jsonOf(await wn('jobs', 'add', 'prepare', '--param', 'part=2', '--json'));
  const job = jsonOf(await wn('jobs', 'add', 'train', '--depends', String(first.id), '--depends', String(second.id), '--priority', '7', '--json'));
  t.deepEqual(job.depends, { [String(first.id)]: 'data', [String(second.id)]: 'prepare part=2' });
  t.is(job.priority, 7);
  t.is(job.name, 'train');
  const deps = jsonOf(await wn('jobs', 'deps', String(job.id), '--json'));
  t.like(deps, { job_id: job.id, all_completed: false, has_failed: false });
  t.deepEqual(deps.dependencies.map((d: { job_id: number }) => d.job_id), [first.id, second.id]);
  const table = (await wn('jobs', 'deps', String(job.id))).stdout;
  t.regex(table, new RegExp(`${first.id}\\s+data\\s+PENDING`));
  t.regex(table, /Waiting for the others to complete\.\n$/);
  const shown = (await wn('jobs', 'show', String(job.id))).stdout;
  t.regex(shown, /Priority\s+7\n/);
  t.regex(shown, new RegExp(`Depends on\\s+${first.id} data PENDING; ${second.id} prepare part=2 PENDING\\n`));
});

test('jobs add errors: unknown task, unknown dependency (exit 1); bad --param, bad --priority (exit 2)', async (t) => {
  const { wn } = await newProject(server);
  const unknownTask = await wn('jobs', 'add', 'nope');
  t.is(unknownTask.code, 1);
  t.regex(unknownTask.stderr, /^whatsnext: task 'nope': .*not found.*\(HTTP 404\)\n$/);
  const unknownDep = await wn('jobs', 'add', 'train', '--depends', '999999');
  t.is(unknownDep.code, 1);
  t.regex(unknownDep.stderr, /^whatsnext: dependency 999999: Job with id 999999 not found\. \(HTTP 404\)\n$/);
  const badParam = await wn('jobs', 'add', 'train', '--param', 'lr');
  t.is(badParam.code, 2);
  t.regex(badParam.stderr, /^whatsnext: --param expects key=value, got 'lr'\n/);
  t.is((await wn('jobs', 'add', 'train', '--priority', 'high')).code, 2);
  t.is((await wn('jobs', 'add', 'train', '--depends', 'x')).code, 2);
});

test('jobs ls filters by status and task; table and JSON', async (t) => {
  const { wn } = await newProject(server, ['a', 'b']);
  const ids = [];
  for (const task of ['a', 'a', 'b']) ids.push(jsonOf(await wn('jobs', 'add', task, '--param', 'x=1.0', '--json')).id);
  t.is((await wn('jobs', 'cancel', String(ids[1]))).code, 0);
  const all = jsonOf(await wn('jobs', 'ls', '--json')) as { id: number; status: string }[];
  t.deepEqual(all.map((j) => j.id), ids);
  t.deepEqual((jsonOf(await wn('jobs', 'ls', '--status', 'cancelled', '--json')) as { id: number }[]).map((j) => j.id), [ids[1]]);
  t.deepEqual((jsonOf(await wn('jobs', 'ls', '--task', 'b', '--json')) as { id: number }[]).map((j) => j.id), [ids[2]]);
  t.deepEqual((jsonOf(await wn('jobs', 'ls', '-n', '1', '--json')) as { id: number }[]).map((j) => j.id), [ids[0]]);
  const table = (await wn('jobs', 'ls')).stdout;
  t.regex(table, /^ID\s+NAME\s+TASK\s+STATUS\s+PRIORITY\s+ATTEMPTS\s+PARAMETERS\s+CREATED\n/);
  t.regex(table, new RegExp(`${ids[1]}\\s+a x=1\\.0\\s+a\\s+CANCELLED\\s+0\\s+\\S+\\s+\\{"x":1\\.0\\}`));
  t.is((await wn('jobs', 'ls', '--status', 'done')).code, 2);
});

test('jobs cancel blocks dependents; retry unblocks them; delete needs --force', async (t) => {
  const { wn } = await newProject(server);
  const root = jsonOf(await wn('jobs', 'add', 'train', '--json'));
  const child = jsonOf(await wn('jobs', 'add', 'train', '--depends', String(root.id), '--name', 'child', '--json'));
  const cancelled = await wn('jobs', 'cancel', String(root.id));
  t.is(cancelled.stdout, `Cancelled job ${root.id} (train) CANCELLED\n`);
  t.is(jsonOf(await wn('jobs', 'show', String(child.id), '--json')).status, 'BLOCKED');
  t.regex((await wn('jobs', 'deps', String(child.id))).stdout, /A dependency failed/);
  const again = await wn('jobs', 'cancel', String(root.id));
  t.is(again.code, 1);
  t.regex(again.stderr, /^whatsnext: cannot cancel job \d+: .*CANCELLED.*\(HTTP 409\)\n$/);
  const retried = jsonOf(await wn('jobs', 'retry', String(root.id), '--json'));
  t.is(retried[0].status, 'PENDING');
  t.is(jsonOf(await wn('jobs', 'show', String(child.id), '--json')).status, 'PENDING');
  const noForce = await wn('jobs', 'delete', String(child.id), String(root.id));
  t.is(noForce.code, 2);
  const deleted = await wn('jobs', 'delete', String(child.id), String(root.id), '--force');
  t.is(deleted.stdout, `Deleted job ${child.id}\nDeleted job ${root.id}\n`);
  const gone = await wn('jobs', 'show', String(root.id));
  t.is(gone.code, 1);
  t.is(gone.stderr, `whatsnext: job ${root.id}: Job with id ${root.id} not found. (HTTP 404)\n`);
  t.is((await wn('jobs', 'retry', 'abc')).code, 2);
});
