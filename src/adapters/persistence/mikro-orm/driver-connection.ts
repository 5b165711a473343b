import type { Knex } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { queryAfterBegin } from './query-after-begin.js';

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
