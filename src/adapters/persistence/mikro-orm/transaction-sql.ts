import type { DriverConnection } from './driver-connection.js';
import { positionalStatement } from './positional-parameters.js';

/**
 * Raw SQL on the connection of one transaction. Parameters are bound server-side (`?`
 * placeholders become `$n`), so text such as job parameters arrives byte-exact and never enters
 * the SQL text; on PostgreSQL each statement is prepared once per connection.
 *
 * Given a `begin` statement, the transaction opens with the first statement, which carries the
 * BEGIN in its own round trip; without one, each statement commits on its own.
 */
export class TransactionSql {
  private savepoints = 0;
  private pendingBegin: string | null;
  private opened = false;

  constructor(
    private readonly connection: DriverConnection,
    begin: string | null = null,
  ) {
    this.pendingBegin = begin;
  }

  /** Whether a transaction was (or may have been, if its first statement failed) opened: it must be ended. */
  get begun(): boolean {
    return this.opened;
  }

  async rows<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    params.forEach((param, index) => {
      // An array would be taken for a PostgreSQL array by one driver and refused by the other.
      if (param === undefined || Array.isArray(param)) throw new Error(`SQL parameter ${index + 1} is ${param === undefined ? 'undefined' : 'an array'}: ${sql}`);
    });
    const statement = positionalStatement(sql);
    const begin = this.pendingBegin;
    if (begin !== null) {
      this.pendingBegin = null;
      this.opened = true;
    }
    const result =
      begin === null
        ? await this.connection.query(statement.text, [...params], statement.name)
        : await this.connection.queryAfterBegin(begin, statement.text, [...params], statement.name);
    return result.rows as Row[];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<void> {
    await this.rows(sql, params);
  }

  /**
   * Runs `work` under a savepoint, so that a statement it expects to fail (a unique violation)
   * does not abort the caller's whole transaction.
   */
  async underSavepoint<A>(work: () => Promise<A>): Promise<A> {
    const name = `whatsnext_${++this.savepoints}`;
    await this.run(`SAVEPOINT ${name}`);
    try {
      const result = await work();
      await this.run(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await this.run(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    }
  }
}
