import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';

/** The server the PostgreSQL tests may use; they only ever create and drop their own databases. */
export const TEST_SERVER_ENV = 'WHATSNEXT_TEST_DATABASE_URL';

export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Runs one statement on the server's maintenance database named in `serverUrl`. */
const onServer = async (serverUrl: string, sql: string): Promise<void> => {
  const orm = await MikroORM.init({ driver: PostgreSqlDriver, clientUrl: serverUrl, entities: [], discovery: { warnWhenNoEntities: false } });
  try {
    await orm.em.getConnection().execute(sql);
  } finally {
    await orm.close(true);
  }
};

/** Creates `wn_test_<random>` (or `<prefix>_<random>`) on the server; `drop` removes it, connections and all. */
export const createScratchDatabase = async (serverUrl: string, prefix = 'wn_test'): Promise<ScratchDatabase> => {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
};
