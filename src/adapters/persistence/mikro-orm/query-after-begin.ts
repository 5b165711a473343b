import pg from 'pg';

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
export const queryAfterBegin = (client: pg.Client, begin: string, text: string, values: unknown[], name: string | undefined): Promise<pg.QueryResult> =>
  new Promise((resolve, reject) => {
    const query = new QueryAfterBegin(begin, {
      text,
      values,
      ...(name === undefined ? {} : { name }),
      callback: (error, result) => (error ? reject(error) : resolve(result)),
    });
    client.query(query as unknown as pg.QueryConfig);
  });
