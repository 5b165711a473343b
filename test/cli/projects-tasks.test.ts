import test from 'ava';
import { cliFor, jsonOf, newProject, runCli, startCliServer, unique, type CliServer } from './cli-harness.js';

let server: CliServer;
test.before(async () => {
  server = await startCliServer();
});

test('projects create, ls, show, archive, delete', async (t) => {
  const name = unique('proj');
  const wn = (...args: string[]) => runCli([...args, ...server.flags]);
  const created = await wn('projects', 'create', name, '-d', 'a test project');
  t.is(created.code, 0, created.stderr);
  t.regex(created.stdout, new RegExp(`^Created project ${name} \\(id \\d+\\)\\n$`));
  const listed = await wn('projects', 'ls');
  t.regex(listed.stdout, /^ID\s+NAME\s+STATUS\s+DESCRIPTION\s+CREATED\n/);
  t.regex(listed.stdout, new RegExp(`\\d+\\s+${name}\\s+ACTIVE\\s+a test project\\s+\\d{4}-`));
  const asJson = jsonOf(await wn('projects', 'ls', '--json')) as { name: string; status: string }[];
  t.true(asJson.some((p) => p.name === name && p.status === 'ACTIVE'));
  const shown = jsonOf(await wn('projects', 'show', name, '--json'));
  t.like(shown, { name, description: 'a test project', status: 'ACTIVE', jobs: { total: 0 } });
  const byId = jsonOf(await wn('projects', 'show', String(shown.id), '--json'));
  t.is(byId.name, name);
  t.regex((await wn('projects', 'show', name)).stdout, /Project\s+.+\nStatus\s+ACTIVE\n/);
  const archived = await wn('projects', 'archive', name);
  t.is(archived.stdout, `Archived project ${name} (id ${shown.id})\n`);
  t.false((jsonOf(await wn('projects', 'ls', '--json')) as { name: string }[]).some((p) => p.name === name));
  t.true((jsonOf(await wn('projects', 'ls', '--status', 'ARCHIVED', '--json')) as { name: string }[]).some((p) => p.name === name));
  t.is(jsonOf(await wn('projects', 'archive', name, '--undo', '--json')).status, 'ACTIVE');
  const refused = await wn('projects', 'delete', name);
  t.is(refused.code, 2);
  t.regex(refused.stderr, /cannot be undone: add --force/);
  const deleted = await wn('projects', 'delete', name, '--force');
  t.is(deleted.stdout, `Deleted project ${name} (id ${shown.id})\n`);
  const gone = await wn('projects', 'show', name);
  t.is(gone.code, 1);
  t.is(gone.stderr, `whatsnext: project '${name}': Project with name '${name}' not found. (HTTP 404)\n`);
});

test('retention: projects create and update --retention, tasks create and update --retention, typos refused before any request', async (t) => {
  const name = unique('kept');
  const wn = (...args: string[]) => runCli([...args, ...server.flags]);
  t.like(jsonOf(await wn('projects', 'create', name, '--retention', '30d', '--json')), { name, retention: '30d' });
  t.regex((await wn('projects', 'show', name)).stdout, /\nRetention\s+30d\n/);
  const updated = await wn('projects', 'update', name, '--retention', 'remove_on_complete');
  t.is(updated.code, 0, updated.stderr);
  t.regex(updated.stdout, new RegExp(`^Updated project ${name} \\(id \\d+\\): retention remove_on_complete\n$`));
  const typo = await wn('projects', 'update', name, '--retention', '30days');
  t.is(typo.code, 2);
  t.regex(typo.stderr, /--retention must be 'keep', 'remove_on_complete' or a period such as '30d'.*got '30days'/);
  t.is((await wn('projects', 'update', name)).code, 2, 'nothing to change is a usage error');

  const inProject = (...args: string[]) => wn(...args, '--project', name);
  t.like(jsonOf(await inProject('tasks', 'create', 'train', '--retention', '12h', '--json')), { name: 'train', retention: '12h' });
  t.regex((await inProject('tasks', 'show', 'train')).stdout, /\nRetention\s+12h\n/);
  t.like(jsonOf(await inProject('tasks', 'update', 'train', '--retention', 'project', '--json')), { retention: null });
  t.regex((await inProject('tasks', 'show', 'train')).stdout, /\nRetention\s+the project's\n/);
  t.is((await inProject('tasks', 'update', 'train', '--retention', 'soon')).code, 2);
});

test('a duplicate project is exit 1 with the server detail', async (t) => {
  const name = unique('dup');
  t.is((await runCli(['projects', 'create', name, ...server.flags])).code, 0);
  const again = await runCli(['projects', 'create', name, ...server.flags]);
  t.is(again.code, 1);
  t.regex(again.stderr, new RegExp(`^whatsnext: cannot create project '${name}': .*${name}.* \\(HTTP 409\\)\\n$`));
  t.is(again.stdout, '');
});

test('tasks create with every option, ls, show by name and id, update, delete', async (t) => {
  const { wn } = await newProject(server, []);
  const created = jsonOf(
    await wn('tasks', 'create', 'train', '--cpu', '4', '--accelerators', '2', '--memory', '16G', '--command-template', 'python train.py --lr {lr}', '--max-attempts', '3', '--timeout', '3600', '--retry-on-failure', '--json'),
  );
  t.like(created, { name: 'train', required_cpu: 4, required_accelerators: 2, required_memory_mb: 16384, command_template: 'python train.py --lr {lr}', max_attempts: 3, timeout_seconds: 3600, retry_on_failure: true });
  t.is((await wn('tasks', 'create', 'prepare')).code, 0);
  const table = (await wn('tasks', 'ls')).stdout;
  t.regex(table, /^ID\s+NAME\s+CPU\s+ACCEL\s+MEMORY\s+ATTEMPTS\s+RETRY\s+TIMEOUT\s+RETENTION\s+COMMAND\n/);
  t.regex(table, /\d+\s+train\s+4\s+2\s+16384M\s+3\s+yes\s+3600s\s+project\s+python train.py --lr \{lr\}\n/);
  t.deepEqual((jsonOf(await wn('tasks', 'ls', '--json')) as { name: string }[]).map((task) => task.name), ['train', 'prepare']);
  t.is(jsonOf(await wn('tasks', 'show', 'train', '--json')).id, created.id);
  t.is(jsonOf(await wn('tasks', 'show', String(created.id), '--json')).name, 'train');
  t.regex((await wn('tasks', 'show', 'train')).stdout, /Memory\s+16384 MB\n/);
  const updated = jsonOf(await wn('tasks', 'update', 'train', '--accel', '1', '--no-retry-on-failure', '--timeout', 'none', '--command-template', '', '--name', 'train2', '--json'));
  t.like(updated, { name: 'train2', required_accelerators: 1, retry_on_failure: false, timeout_seconds: null, command_template: null, required_cpu: 4 });
  const nothing = await wn('tasks', 'update', 'train2');
  t.is(nothing.code, 2);
  t.regex(nothing.stderr, /nothing to change/);
  t.is((await wn('tasks', 'delete', 'train2')).code, 2);
  t.is((await wn('tasks', 'delete', 'train2', '--force')).stdout, `Deleted task train2 (id ${created.id})\n`);
  const missing = await wn('tasks', 'show', 'train2');
  t.is(missing.code, 1);
  t.regex(missing.stderr, /^whatsnext: task 'train2': .*not found.* \(HTTP 404\)\n$/);
});

test('task options are validated before any request (exit 2)', async (t) => {
  const wn = cliFor(server, 'no-such-project');
  for (const args of [
    ['--cpu', 'many'],
    ['--cpu', '-1'],
    ['--memory', 'lots'],
    ['--max-attempts', '0'],
    ['--timeout', '-5'],
  ]) {
    const result = await wn('tasks', 'create', 'x', ...args);
    t.is(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    t.notRegex(result.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('a duplicate task is exit 1 (HTTP 409)', async (t) => {
  const { wn } = await newProject(server, ['train']);
  const again = await wn('tasks', 'create', 'train');
  t.is(again.code, 1);
  t.regex(again.stderr, /^whatsnext: cannot create task 'train': .* \(HTTP 409\)\n$/);
});
