import type { Knex } from '@mikro-orm/postgresql';
import pg from 'pg';

/**
 * The one file that reaches past the public APIs of MikroORM, knex and pg, for two tricks that
 * docs/BENCHMARKS.md shows pay (the REST drain fell 16 % without them: "Driver tricks"). Written
 * against @mikro-orm/knex 6.6.16, knex 3.2.10 and pg 8.20.0; test/adapters/persistence/
 * driver-tricks.test.ts pins those versions and checks both tricks, so an upgrade that breaks them
 * fails there first:
 *
 * 1. A transaction borrows a raw connection from MikroORM's pool (knex's `client.acquireConnection`)
 *    and runs its SQL on it: through knex, each statement and transaction cost builder and
 *    transactor work several times a statement's own.
 * 2. On node-postgres, BEGIN travels in the same write as the transaction's first statement
 *    (`QueryAfterBegin`, a subclass of pg's Query): one round trip less per transaction.
 */

/**
 * What a transaction needs of a driver connection. `name` asks for a prepared statement: parsed
 * and planned once per connection, then only executed (node-postgres; PGlite ignores it).
 */
export interface DriverConnection {
  query(text: string, values?: unknown[], name?: string): Promise<{ rows: unknown[] }>;
  /** `begin` (a BEGIN statement), then the statement: in one round trip on node-postgres. */
  queryAfterBegin(begin: string, text: string, values: unknown[], name?: string): Promise<{ rows: unknown[] }>;
}

/** node-postgres' Client and PGlite, as far as a transaction uses them. */
interface RawConnection {
  query(textOrConfig: string | { name?: string; text: string; values: unknown[] }, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The knex client's pool, which MikroORM owns: connections are borrowed from it and given back. */
interface ConnectionPool {
  acquireConnection(): Promise<RawConnection>;
  releaseConnection(connection: RawConnection): Promise<unknown>;
}

/** node-postgres' Client keeps its connection parameters; PGlite has none. */
const isNodePostgres = (connection: RawConnection): boolean => 'connectionParameters' in connection;

/**
 * Borrows one connection of MikroORM's pool for `work`, and gives it back whatever happens. The
 * hot paths run their SQL on it directly: a transaction through the EntityManager and knex cost
 * ~0.7 ms more (fork, transactor, query compilation), several times the statements themselves.
 */
export const withDriverConnection = async <A>(knex: Knex, work: (connection: DriverConnection) => Promise<A>): Promise<A> => {
  const pool = knex.client as unknown as ConnectionPool;
  const raw = await pool.acquireConnection();
  const connection: DriverConnection = isNodePostgres(raw)
    ? {
        query: (text, values = [], name) => raw.query(name === undefined ? { text, values } : { name, text, values }),
        queryAfterBegin: (begin, text, values, name) => queryAfterBegin(raw as unknown as pg.Client, begin, text, values, name),
      }
    : {
        query: (text, values = []) => raw.query(text, values),
        // PGlite runs in this process: a statement costs no round trip.
        queryAfterBegin: async (begin, text, values) => (await raw.query(begin), raw.query(text, values)),
      };
  try {
    return await work(connection);
  } finally {
    await pool.releaseConnection(raw);
  }
};

/** What node-postgres' connection offers a query as it is submitted (extended protocol). */
interface ProtocolConnection {
  readonly stream: { cork?: () => void; uncork?: () => void };
  parse(query: { text: string; name?: string }): void;
  bind(config: Record<string, never>): void;
  execute(config: Record<string, never>): void;
}

/** node-postgres' Query as far as it is overridden here (the typings leave its protocol handlers out). */
interface ProtocolQuery {
  submit(connection: ProtocolConnection): Error | null;
  handleCommandComplete(message: unknown, connection: ProtocolConnection): void;
}

const QueryBase = pg.Query as unknown as new (config: pg.QueryConfig & { callback: (error: Error | null, result: pg.QueryResult) => void }) => ProtocolQuery;

/**
 * A statement sent in the same write as the `begin` before it: BEGIN goes as an extended-protocol
 * Parse/Bind/Execute without a Sync of its own, so that PostgreSQL answers both in one round trip
 * (a transaction's BEGIN otherwise costs a round trip of its own). Its CommandComplete is the first
 * to arrive and is not the statement's result: it is dropped. A failing statement aborts the
 * transaction BEGIN opened, which its caller rolls back as after any failed statement.
 */
class QueryAfterBegin extends QueryBase {
  private beginCompleted = false;

  constructor(
    private readonly begin: string,
    config: pg.QueryConfig & { callback: (error: Error | null, result: pg.QueryResult) => void },
  ) {
    super({ ...config, queryMode: 'extended' } as typeof config);
  }

  override submit(connection: ProtocolConnection): Error | null {
    connection.stream.cork?.();
    try {
      connection.parse({ text: this.begin });
      connection.bind({});
      connection.execute({});
      // Writes the statement and the Sync, corked again: all of it leaves in one write.
      return super.submit(connection);
    } finally {
      connection.stream.uncork?.();
    }
  }

  override handleCommandComplete(message: unknown, connection: ProtocolConnection): void {
    if (!this.beginCompleted) {
      this.beginCompleted = true;
      return;
    }
    super.handleCommandComplete(message, connection);
  }
}

/** Runs `begin` (a BEGIN statement) and then the statement on `client`, in one round trip. */
const queryAfterBegin = (client: pg.Client, begin: string, text: string, values: unknown[], name: string | undefined): Promise<pg.QueryResult> =>
  new Promise((resolve, reject) => {
    const query = new QueryAfterBegin(begin, {
      text,
      values,
      ...(name === undefined ? {} : { name }),
      callback: (error, result) => (error ? reject(error) : resolve(result)),
    });
    client.query(query as unknown as pg.QueryConfig);
  });
