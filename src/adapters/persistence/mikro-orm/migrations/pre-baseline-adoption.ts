import type { MikroORM, Transaction } from '@mikro-orm/core';
import type { MigrationStorage } from '@mikro-orm/migrations';
import type { AbstractSqlConnection } from '@mikro-orm/postgresql';

/**
 * Why this file exists: before the first release, the schema was built by eight migrations, which
 * were then squashed into 0001_baseline (the package was unreleased, so nobody depends on them).
 * A database those eight made has exactly the baseline's schema, but its migrations table names
 * them, not the baseline: here the migrator re-records them as the baseline, running no DDL.
 * A database with only some of them is refused: its schema is none this version knows.
 *
 * Delete this file (and its one call in migrator.ts, and its test) once no database made before
 * the squash remains.
 */

/** The squashed migrations' names, as their databases recorded them, oldest first. */
export const PRE_BASELINE_MIGRATIONS: readonly string[] = [
  '20261126000000_initial_schema',
  '20261126200000_job_counts',
  '20261127000000_linear_job_counts',
  '20261128000000_status_history',
  '20261129000000_status_history_in_statements',
  '20261129100000_job_parents_by_statement',
  '20261130000000_status_history_as_text',
  '20261130100000_job_counts_in_statements',
];

const quoted = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

const partialSetMessage = (baseline: string, found: readonly string[]): string => {
  const missing = PRE_BASELINE_MIGRATIONS.filter((name) => !found.includes(name));
  return (
    `This database records ${found.length} of the ${PRE_BASELINE_MIGRATIONS.length} pre-release migrations that ${baseline} replaces ` +
    `(it has ${found.join(', ')}; it lacks ${missing.join(', ')}), so its schema is not one this version knows. ` +
    `Recreate the database, or first upgrade it to ${PRE_BASELINE_MIGRATIONS[PRE_BASELINE_MIGRATIONS.length - 1]} with the previous version of WhatsNext, then upgrade again with this one.`
  );
};

/**
 * When the migrations table lists every pre-baseline migration, replaces them by `baseline`
 * (recorded as run when the last of them ran), in one transaction: `transaction` when given (the
 * migrator's locked one), else one of its own. Returns whether it did; throws when only some are
 * listed.
 */
export const adoptPreBaselineDatabase = async (orm: MikroORM, baseline: string, transaction: Transaction | undefined): Promise<boolean> => {
  const connection = orm.em.getConnection() as AbstractSqlConnection;
  const { tableName, schemaName } = (orm.migrator.getStorage() as MigrationStorage).getTableName();
  const table = `${quoted(schemaName)}.${quoted(tableName)}`;
  const adopt = async (trx: Transaction): Promise<boolean> => {
    const [exists] = await connection.execute<{ found: string | null }[]>(`SELECT to_regclass(?)::text AS found`, [table], 'all', trx);
    if (exists?.found === null || exists?.found === undefined) return false;
    const rows = await connection.execute<{ name: string }[]>(`SELECT name FROM ${table}`, [], 'all', trx);
    const names = new Set(rows.map((row) => row.name));
    const found = PRE_BASELINE_MIGRATIONS.filter((name) => names.has(name));
    if (found.length === 0) return false;
    if (found.length < PRE_BASELINE_MIGRATIONS.length) throw new Error(partialSetMessage(baseline, found));
    const placeholders = PRE_BASELINE_MIGRATIONS.map(() => '?').join(', ');
    if (!names.has(baseline)) {
      await connection.execute(
        `INSERT INTO ${table} (name, executed_at) SELECT ?, max(executed_at) FROM ${table} WHERE name IN (${placeholders})`,
        [baseline, ...PRE_BASELINE_MIGRATIONS],
        'run',
        trx,
      );
    }
    await connection.execute(`DELETE FROM ${table} WHERE name IN (${placeholders})`, [...PRE_BASELINE_MIGRATIONS], 'run', trx);
    return true;
  };
  return transaction === undefined ? connection.transactional(adopt) : adopt(transaction);
};
