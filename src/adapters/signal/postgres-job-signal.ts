import pg from 'pg';
import type { JobSignal } from '../../application/ports/job-signal.port.js';
import { InProcessJobSignal } from './in-process-job-signal.js';

const CHANNEL = 'whatsnext_jobs';

/**
 * Wakes long-polling claimers on every replica: a notification goes out with NOTIFY and each
 * process LISTENs on one dedicated connection, re-established after a database restart.
 * Waiters in this process are woken at once as well, without the round trip.
 */
export class PostgresJobSignal implements JobSignal {
  private readonly local = new InProcessJobSignal();
  private client: pg.Client | null = null;
  private closed = false;
  private connecting: Promise<void> | null = null;
  private readonly outgoing = new Set<number>();
  private sending: Promise<void> | null = null;

  constructor(
    private readonly url: string,
    private readonly onError: (error: Error) => void = () => {},
  ) {}

  /** Connects the listening connection; later failures reconnect by themselves. */
  async start(): Promise<void> {
    await this.connect();
  }

  notify(projectId: number): void {
    this.local.notify(projectId);
    this.outgoing.add(projectId);
    // After the turn: the claims this wakes here reach the database first, and notifications of
    // the same turn share one statement.
    this.sending ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.send()).finally(() => {
      this.sending = null;
    });
  }

  /**
   * One statement at a time on the connection (pg refuses overlapping queries), each carrying
   * every project notified meanwhile.
   */
  private async send(): Promise<void> {
    while (this.outgoing.size > 0) {
      const projects = [...this.outgoing].map(String);
      this.outgoing.clear();
      const client = this.client;
      if (client === null) return;
      // Named: prepared once per connection, not parsed again for every notification.
      await client
        .query({ name: 'whatsnext_notify', text: 'SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', values: [CHANNEL, projects] })
        .catch((error: Error) => this.onError(error));
    }
  }

  version(projectId: number): number {
    return this.local.version(projectId);
  }

  wait(projectId: number, timeoutMs: number, abort?: AbortSignal, since?: number): Promise<boolean> {
    return this.local.wait(projectId, timeoutMs, abort, since);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.local.close();
    await this.client?.end().catch(() => {});
    this.client = null;
  }

  private connect(): Promise<void> {
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url });
      client.on('notification', (message) => {
        // Notifications go out on this very connection: its own come back, and its waiters were woken already.
        if (message.processId === (client as pg.Client & { processID: number | null }).processID) return;
        const projectId = Number(message.payload);
        if (Number.isSafeInteger(projectId)) this.local.notify(projectId);
      });
      client.on('error', (error) => {
        this.onError(error);
        this.reconnectLater();
      });
      client.on('end', () => this.reconnectLater());
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private reconnectLater(): void {
    this.client = null;
    if (this.closed) return;
    setTimeout(() => {
      if (this.closed || this.client !== null) return;
      this.connect().catch((error: Error) => {
        this.onError(error);
        this.reconnectLater();
      });
    }, 1_000).unref();
  }
}
