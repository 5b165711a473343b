import type { DriverConnection } from './driver-connection.js';
import { bindParameters, prepareStatement, type SqlParameters } from './named-parameters.js';

const BEGIN = 'BEGIN ISOLATION LEVEL READ COMMITTED';

/**
 * Raw SQL on one connection. Parameters are named (`:projectId`) and bound server-side, so text
 * such as job parameters arrives byte-exact and never enters the SQL text; on PostgreSQL each
 * statement is prepared once per connection.
 *
 * In a transaction (`inTransaction`), the transaction opens with the first statement, which
 * carries the BEGIN in its own round trip. Otherwise each statement commits on its own, and work
 * of several statements that must stand or fall together runs under `atomic`.
 */
export class TransactionSql {
  private savepoints = 0;
  private pendingBegin: string | null;
  private opened = false;

  constructor(
    private readonly connection: DriverConnection,
    inTransaction = false,
  ) {
    this.pendingBegin = inTransaction ? BEGIN : null;
  }

  private get inTransaction(): boolean {
    return this.opened || this.pendingBegin !== null;
  }

  /** Whether a transaction was (or may have been, if its first statement failed) opened: it must be ended. */
  get begun(): boolean {
    return this.opened;
  }

  /**
   * The statement's rows. `planEachTime` sends it unnamed, so that PostgreSQL plans it for the
   * values given instead of reusing a generic plan: for statements whose null parameters switch
   * conditions off, which only a plan for the values can fold away.
   */
  async rows<Row>(sql: string, params: SqlParameters = {}, { planEachTime = false } = {}): Promise<Row[]> {
    const statement = prepareStatement(sql);
    const name = planEachTime ? undefined : statement.name;
    const values = bindParameters(statement, sql, params);
    const begin = this.pendingBegin;
    if (begin !== null) {
      this.pendingBegin = null;
      this.opened = true;
    }
    const result =
      begin === null
        ? await this.connection.query(statement.text, values, name)
        : await this.connection.queryAfterBegin(begin, statement.text, values, name);
    return result.rows as Row[];
  }

  async run(sql: string, params: SqlParameters = {}): Promise<void> {
    await this.rows(sql, params);
  }

  /**
   * Runs the statements of `work` in one transaction: the caller's, or, outside any, one of their
   * own, committed when `work` returns and rolled back when it throws.
   */
  async atomic<A>(work: () => Promise<A>): Promise<A> {
    if (this.inTransaction) return work();
    this.pendingBegin = BEGIN;
    try {
      const result = await work();
      if (this.opened) await this.connection.query('COMMIT');
      return result;
    } catch (error) {
      if (this.opened) await this.connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.pendingBegin = null;
      this.opened = false;
    }
  }

  /**
   * Runs `work` under a savepoint, so that a statement it expects to fail (a unique violation)
   * does not abort the caller's whole transaction; outside a transaction a failing statement
   * aborts nothing, and `work` runs as it is.
   */
  async underSavepoint<A>(work: () => Promise<A>): Promise<A> {
    if (!this.inTransaction) return work();
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
