import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import pg from 'pg';
import { freePort } from './server-process.js';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of this test file alone (initdb into a temp dir, on a free port), so that
 * it can be stopped and restarted without touching the shared server other tests use. The
 * binaries must run as the `postgres` OS user: tests run as root, which PostgreSQL refuses.
 */
export interface PrivatePostgres {
  readonly port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  /** A URL of a fresh database `name` on it. */
  createDatabase(name: string): Promise<string>;
  /** `pg_ctl stop -m immediate`: every connection drops at once, as in a crash. */
  crash(): Promise<void>;
  /** `pg_ctl start`, waiting until it accepts connections. */
  start(): Promise<void>;
  /** The postmaster's pid (from postmaster.pid) while it runs. */
  postmasterPid(): Promise<number>;
  /** Stops it and removes its directory. */
  destroy(): Promise<void>;
}

const binDir = async (): Promise<string> => {
  const versions = (await readdir('/usr/lib/postgresql')).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
};

const asPostgres = async (command: string, args: readonly string[]): Promise<string> => {
  const { stdout } = await run('runuser', ['-u', 'postgres', '--', command, ...args], { timeout: 120_000 });
  return stdout;
};

const clusters = new Set<PrivatePostgres>();
test.after.always('stop the private PostgreSQL clusters of this file', async () => {
  await Promise.all([...clusters].map((cluster) => cluster.destroy()));
});

export const startPrivatePostgres = async (): Promise<PrivatePostgres> => {
  const bin = await binDir();
  const dir = await mkdtemp(join(tmpdir(), 'wn-private-pg-'));
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  await chown(dir, uid, gid);
  const data = join(dir, 'data');
  const port = await freePort();
  await asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const options = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  const start = () => asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']).then(() => {});
  const stop = (mode: 'immediate' | 'fast') => asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop']).then(() => {});
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await start();
  let destroyed: Promise<void> | null = null;
  const cluster: PrivatePostgres = {
    port,
    url,
    createDatabase: async (name) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    crash: () => stop('immediate'),
    start,
    postmasterPid: async () => Number((await readFile(join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]),
    destroy: () =>
      (destroyed ??= (async () => {
        clusters.delete(cluster);
        await stop('immediate').catch(() => {});
        await rm(dir, { recursive: true, force: true, maxRetries: 5 });
      })()),
  };
  clusters.add(cluster);
  return cluster;
};
