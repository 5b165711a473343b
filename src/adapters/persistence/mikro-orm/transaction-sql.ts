import type { DriverConnection } from './driver-connection.js';
import { positionalStatement } from './positional-parameters.js';

/**
 * Raw SQL on the connection of one transaction. Parameters are bound server-side (`?`
 * placeholders become `$n`), so text such as job parameters arrives byte-exact and never enters
 * the SQL text; on PostgreSQL each statement is prepared once per connection.
 */
export class TransactionSql {
  private savepoints = 0;

  constructor(private readonly connection: DriverConnection) {}

  async rows<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    params.forEach((param, index) => {
      // An array would be taken for a PostgreSQL array by one driver and refused by the other.
      if (param === undefined || Array.isArray(param)) throw new Error(`SQL parameter ${index + 1} is ${param === undefined ? 'undefined' : 'an array'}: ${sql}`);
    });
    const statement = positionalStatement(sql);
    const result = await this.connection.query(statement.text, [...params], statement.name);
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
