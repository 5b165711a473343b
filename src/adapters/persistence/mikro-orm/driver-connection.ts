import type { Knex } from '@mikro-orm/postgresql';

/** What a transaction needs of a driver connection: node-postgres' Client and PGlite both answer so. */
export interface DriverConnection {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The knex client's pool, which MikroORM owns: connections are borrowed from it and given back. */
interface ConnectionPool {
  acquireConnection(): Promise<DriverConnection>;
  releaseConnection(connection: DriverConnection): Promise<unknown>;
}

/**
 * Borrows one connection of MikroORM's pool for `work`, and gives it back whatever happens. The
 * hot paths run their SQL on it directly: a transaction through the EntityManager and knex cost
 * ~0.7 ms more (fork, transactor, query compilation), several times the statements themselves.
 */
export const withDriverConnection = async <A>(knex: Knex, work: (connection: DriverConnection) => Promise<A>): Promise<A> => {
  const pool = knex.client as unknown as ConnectionPool;
  const connection = await pool.acquireConnection();
  try {
    return await work(connection);
  } finally {
    await pool.releaseConnection(connection);
  }
};
