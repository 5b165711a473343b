import { createServer } from 'node:net';
import { spawnWhatsNext, waitForOutput, type Exit, type TrackedProcess } from './child-processes.js';

/** A port nobody listens on right now (the OS picks it), so that a server can be restarted on it. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });

export interface ServerProcess {
  readonly process: TrackedProcess;
  readonly url: string;
  readonly port: number;
  /** SIGKILL: no shutdown, no lock release, no answer to requests in flight. */
  crash(): Promise<Exit>;
  /** SIGTERM: the graceful shutdown. */
  stop(): Promise<Exit>;
}

/**
 * `whatsnext server` as a child process on `port`, ready once it printed its address. `env`
 * chooses the database (DATABASE_URL or WHATSNEXT_DATA_DIR) and e.g. WHATSNEXT_LEASE_SECONDS.
 */
export const startServerProcess = async (port: number, env: Readonly<Record<string, string>>, timeoutMs = 180_000): Promise<ServerProcess> => {
  const process_ = spawnWhatsNext(['server', '--host', '127.0.0.1', '--port', String(port)], { WHATSNEXT_LOG_LEVEL: 'warn', ...env });
  const [, url] = await waitForOutput(process_, /WhatsNext (http:\/\/\S+) on /, timeoutMs);
  return {
    process: process_,
    url: url!,
    port,
    crash: () => process_.kill(),
    stop: () => {
      if (process_.alive()) process_.child.kill('SIGTERM');
      return process_.exited;
    },
  };
};
