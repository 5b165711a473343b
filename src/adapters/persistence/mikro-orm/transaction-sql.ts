import type { Knex, SqlEntityManager } from '@mikro-orm/postgresql';

/**
 * Raw SQL on the connection of one transaction's EntityManager. Parameters are bound server-side
 * (`?` placeholders, knex turns them into `$n`), so text such as job parameters arrives byte-exact.
 */
export class TransactionSql {
  private savepoints = 0;

  constructor(private readonly em: SqlEntityManager) {}

  async rows<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const query = this.em.getKnex().raw(sql, params as Knex.RawBinding[]);
    const transaction = this.em.getTransactionContext<Knex.Transaction>();
    if (transaction !== undefined) query.transacting(transaction);
    const result = (await query) as { rows: Row[] };
    return result.rows;
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
