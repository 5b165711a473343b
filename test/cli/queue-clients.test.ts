import test from 'ava';
import { jsonOf, newProject, runCli, startCliServer, unique, type CliServer } from './cli-harness.js';

let server: CliServer;
test.before(async () => {
  server = await startCliServer();
});

const claim = async (projectId: number): Promise<number> => {
  const answer = (await (await fetch(`${server.url}/projects/${projectId}/fetch_job`)).json()) as { job: { id: number } };
  return answer.job.id;
};

test('queue ls shows unfinished jobs: running, queued, then pending in claim order, then blocked', async (t) => {
  const { wn, project } = await newProject(server, ['train']);
  const projectId = jsonOf(await runCli(['projects', 'show', project, '--json', ...server.flags])).id as number;
  const low = jsonOf(await wn('jobs', 'add', 'train', '--name', 'low', '--json')).id;
  const high = jsonOf(await wn('jobs', 'add', 'train', '--name', 'high', '--priority', '9', '--json')).id;
  const done = jsonOf(await wn('jobs', 'add', 'train', '--name', 'cancelled', '--json')).id;
  const blocked = jsonOf(await wn('jobs', 'add', 'train', '--name', 'blocked', '--depends', String(done), '--json')).id;
  await wn('jobs', 'cancel', String(done));
  t.is(await claim(projectId), high);
  const queue = jsonOf(await wn('queue', 'ls', '--json')) as { id: number; status: string }[];
  t.deepEqual(queue.map((j) => [j.id, j.status]), [
    [high, 'QUEUED'],
    [low, 'PENDING'],
    [blocked, 'BLOCKED'],
  ]);
  const table = (await wn('queue', 'ls')).stdout;
  t.regex(table, /^ID\s+NAME\s+TASK\s+STATUS/);
  t.regex(table, new RegExp(`${high}\\s+high\\s+train\\s+QUEUED\\s+9`));
  t.deepEqual((jsonOf(await wn('queue', 'ls', '--status', 'pending', '--json')) as { id: number }[]).map((j) => j.id), [low]);
  const short = await wn('queue', 'ls', '-n', '1');
  t.regex(short.stdout, /… and 2 more \(-n to show more/);
});

test('queue stats counts by status and task; clear deletes PENDING jobs only', async (t) => {
  const { wn } = await newProject(server, ['a', 'b']);
  await wn('jobs', 'sweep', 'a', '--grid', 'x=1..3');
  const b = jsonOf(await wn('jobs', 'add', 'b', '--json')).id;
  await wn('jobs', 'cancel', String(b));
  const stats = jsonOf(await wn('queue', 'stats', '--json'));
  t.like(stats, { total: 4, by_status: { PENDING: 3, CANCELLED: 1 } });
  t.deepEqual(stats.by_task.map((task: { task_name: string; total: number }) => [task.task_name, task.total]), [
    ['a', 3],
    ['b', 1],
  ]);
  const table = (await wn('queue', 'stats')).stdout;
  t.regex(table, /^TASK\s+PENDING\s+QUEUED\s+RUNNING\s+COMPLETED\s+FAILED\s+BLOCKED\s+CANCELLED\s+TOTAL\n/);
  t.regex(table, /\na\s+3\s+0\s+0\s+0\s+0\s+0\s+0\s+3\n/);
  t.regex(table, /\nall\s+3\s+0\s+0\s+0\s+0\s+0\s+1\s+4\n$/);
  t.is((await wn('queue', 'clear')).code, 2);
  t.is((await wn('queue', 'clear', '--force')).stdout.split(' of ')[0], 'Deleted 3 pending jobs');
  t.deepEqual(jsonOf(await wn('queue', 'clear', '--force', '--json')), { deleted: 0 });
  t.is(jsonOf(await wn('queue', 'stats', '--json')).total, 1);
  const empty = await wn('queue', 'ls');
  t.is(empty.stdout, '');
  t.regex(empty.stderr, /is empty/);
});

test('clients ls, show, deactivate, delete', async (t) => {
  const id = unique('worker').replace(/[^a-zA-Z0-9_-]/g, '_');
  const registered = await fetch(`${server.url}/clients/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, name: 'gpu box', entity: 'lab', available_cpu: 8, available_accelerators: 2 }),
  });
  t.is(registered.status, 201);
  const wn = (...args: string[]) => runCli([...args, ...server.flags]);
  t.true((jsonOf(await wn('clients', 'ls', '--json')) as { id: string }[]).some((c) => c.id === id));
  t.regex((await wn('clients', 'ls')).stdout, new RegExp(`${id}\\s+gpu box\\s+lab\\s+8\\s+2\\s+-\\s+yes`));
  t.like(jsonOf(await wn('clients', 'show', id, '--json')), { id, name: 'gpu box', available_cpu: 8, is_active: 1 });
  t.is((await wn('clients', 'deactivate', id)).stdout, `Deactivated client ${id}\n`);
  t.false((jsonOf(await wn('clients', 'ls', '--json')) as { id: string }[]).some((c) => c.id === id));
  t.true((jsonOf(await wn('clients', 'ls', '--all', '--json')) as { id: string }[]).some((c) => c.id === id));
  t.regex((await wn('clients', 'show', id)).stdout, /Active\s+no\n/);
  t.is((await wn('clients', 'delete', id)).code, 2);
  t.is((await wn('clients', 'delete', id, '--force')).stdout, `Deleted client ${id}\n`);
  const gone = await wn('clients', 'show', id);
  t.is(gone.code, 1);
  t.regex(gone.stderr, new RegExp(`^whatsnext: client '${id}': .*\\(HTTP 404\\)\\n$`));
});

test('status shows the server, the project with its counts, and the workers', async (t) => {
  const { wn, project } = await newProject(server, ['train']);
  await wn('jobs', 'sweep', 'train', '--grid', 'x=1,2');
  const status = await wn('status');
  t.is(status.code, 0, status.stderr);
  t.regex(status.stdout, new RegExp(`^Server\\s+${server.url.replace(/\./g, '\\.')} healthy, database connected\\n`));
  t.regex(status.stdout, new RegExp(`\\nProject\\s+${project} \\(id \\d+, ACTIVE\\)\\nJobs\\s+2: 2 PENDING\\nWorkers\\s+\\d+ active, \\d+ registered\\n$`));
  const json = jsonOf(await wn('status', '--json'));
  t.like(json, { server: server.url, healthy: true, database: 'connected', project: { name: project, status: 'ACTIVE' }, jobs: { total: 2 } });
  const missing = jsonOf(await runCli(['status', '--json', '--project', 'ghost-project', ...server.flags]));
  t.is(missing.project, null);
  t.regex(missing.project_error, /not found/);
});
