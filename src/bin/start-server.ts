import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createHttpApp } from '../adapters/http/http-app.js';
import { openBackend, type Backend } from './open-backend.js';
import type { ServerConfig } from './server-config.js';
import { VERSION } from './version.js';

export interface RunningServer {
  readonly url: string;
  readonly backend: Backend;
  /** Stops accepting, lets requests in flight finish (long polls answer at once), closes the database. */
  close(): Promise<void>;
}

/** Opens the database (running migrations) and serves the REST API on it. */
export const startServer = async (config: ServerConfig, logger: Logger): Promise<RunningServer> => {
  const backend = await openBackend(config.database, { leaseSeconds: config.leaseSeconds, leaseSweepMs: 1_000, logger });
  const shutdown = new AbortController();
  const { app } = createHttpApp({
    useCases: backend.useCases,
    logger,
    settings: config.http,
    checkDatabase: () => backend.store.ping(),
    version: VERSION,
    shutdown: shutdown.signal,
  });
  const server = createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await backend.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${address.port}`,
    backend,
    close: () =>
      (closing ??= (async () => {
        shutdown.abort();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await closed;
        await backend.close();
      })()),
  };
};
