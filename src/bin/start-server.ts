import { setMaxListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createHttpApp } from '../adapters/http/http-app.js';
import { HttpMetrics } from '../adapters/http/http-metrics.js';
import { openBackend, type Backend } from './open-backend.js';
import type { ServerConfig } from './server-config.js';
import { VERSION } from './version.js';

/** How long requests in flight may take to finish once the server shuts down. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningServer {
  readonly url: string;
  readonly backend: Backend;
  /** Stops accepting, lets requests in flight finish (long polls answer at once), closes the database. */
  close(): Promise<void>;
}

/** Opens the database (running migrations) and serves the REST API on it. */
export const startServer = async (config: ServerConfig, logger: Logger): Promise<RunningServer> => {
  // Made before the backend, whose use cases report their events to them.
  const metrics = new HttpMetrics();
  const backend = await openBackend(config.database, { leaseSeconds: config.leaseSeconds, unleasedClaimSeconds: config.unleasedClaimSeconds, leaseSweepMs: 1_000,
    retentionSweepMs: config.retentionSweepMs, logger, events: metrics.scheduler });
  const shutdown = new AbortController();
  // Every long poll in flight listens to it: that many listeners are expected, not a leak.
  setMaxListeners(0, shutdown.signal);
  const { app } = createHttpApp({
    useCases: backend.useCases,
    logger,
    settings: config.http,
    checkDatabase: () => backend.store.ping(),
    version: VERSION,
    shutdown: shutdown.signal,
    metrics,
  });
  const callback = app.callback();
  // Once shutting down, answers close their connection, so that keep-alive clients let go.
  const server = createServer((request, response) => {
    if (shutdown.signal.aborted) response.setHeader('Connection', 'close');
    void callback(request, response);
  });
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
        // Connections turn idle as their last answers go out: close them as they do, and give
        // requests in flight a bounded grace before cutting what remains.
        const sweep = setInterval(() => server.closeIdleConnections(), 25);
        const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        server.closeIdleConnections();
        await closed;
        clearInterval(sweep);
        clearTimeout(cut);
        await backend.close();
      })()),
  };
};
