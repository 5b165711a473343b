import type { MikroORM, Transaction } from '@mikro-orm/core';
import type { MigrationStorage } from '@mikro-orm/migrations';
import type { AbstractSqlConnection, Knex } from '@mikro-orm/postgresql';
import { openMikroOrm, type DatabaseConfig, type OpenedOrm } from './database-config.js';
import { MIGRATIONS } from './migrations/migration-list.js';
import { adoptPreBaselineDatabase } from './migrations/pre-baseline-adoption.js';

export interface MigrationStatus {
  /** Applied migrations, oldest first. */
  readonly executed: string[];
  /** Known migrations not applied yet, in the order they would run. */
  readonly pending: string[];
}

/** What `stamp` changed in the migrations table, without running any migration. */
export interface StampResult {
  /** Recorded as applied, oldest first. */
  readonly recorded: string[];
  /** No longer recorded as applied, newest first. */
  readonly unrecorded: string[];
}

export interface MigrationHistoryEntry {
  readonly name: string;
  readonly executedAt: Date;
}

/** Any constant works; it only has to be the same for every WhatsNext process sharing a database. */
const MIGRATION_LOCK_KEY = 0x5768_4e78;

/**
 * The schema's migrations on one database, for start-up and for the `whatsnext db` commands.
 * On a PostgreSQL server, replicas starting together take turns: each run holds an advisory lock,
 * so the second finds nothing pending (which takes a pool of two connections or more; PGlite has
 * one process by construction).
 */
export class MikroOrmMigrator {
  private readonly orm: MikroORM;

  constructor(private readonly opened: OpenedOrm) {
    this.orm = opened.orm;
  }

  /** Applies every pending migration; returns their names. */
  async upgrade(): Promise<string[]> {
    const applied = await this.locked((transaction) => this.orm.migrator.up(transaction === undefined ? undefined : { transaction }));
    return applied.map((migration) => migration.name);
  }

  /** Every migration this version knows, oldest first. */
  known(): string[] {
    return MIGRATIONS.map((migration) => migration.name);
  }

  /** Applies the pending migrations up to and including `target` (all of them when null); returns their names. */
  async upgradeTo(target: string | null): Promise<string[]> {
    await this.orm.migrator.getExecutedMigrations(); // creates the migrations table when it is missing
    const applied = await this.locked(async (transaction) => {
      // Already applied (by another process, or by adopting a pre-baseline database): Umzug would refuse `to`.
      if (target !== null && (await this.executedIn(transaction)).includes(target)) return [];
      return this.orm.migrator.up({ ...(target === null ? {} : { to: target }), ...(transaction === undefined ? {} : { transaction }) });
    });
    return applied.map((migration) => migration.name);
  }

  /**
   * Reverts every applied migration after `target` (all of them when null), newest first; `target`
   * itself stays applied, as alembic's `downgrade REV` leaves the database at REV.
   */
  async revertTo(target: string | null): Promise<string[]> {
    await this.orm.migrator.getExecutedMigrations(); // creates the migrations table when it is missing
    return this.locked(async (transaction) => {
      const executed = await this.executedIn(transaction);
      if (target !== null && !executed.includes(target)) throw new Error(`Migration '${target}' is not applied: nothing to revert to.`);
      // Umzug's `to` reverts down to and including the migration it names.
      const oldestReverted = executed[target === null ? 0 : executed.indexOf(target) + 1];
      if (oldestReverted === undefined) return [];
      const reverted = await this.orm.migrator.down({ to: oldestReverted, ...(transaction === undefined ? {} : { transaction }) });
      return reverted.map((migration) => migration.name);
    });
  }

  /**
   * Records the known migrations up to and including `target` as applied and the later ones as not
   * applied (none when null), without running any: for a schema made or changed by other means.
   */
  async stamp(target: string | null): Promise<StampResult> {
    const known = this.known();
    if (target !== null && !known.includes(target)) throw new Error(`Unknown migration '${target}'.`);
    const wanted = known.slice(0, target === null ? 0 : known.indexOf(target) + 1);
    await this.orm.migrator.getExecutedMigrations(); // creates the migrations table when it is missing
    return this.locked(async (transaction) => {
      const storage = this.orm.migrator.getStorage() as MigrationStorage;
      if (transaction !== undefined) storage.setMasterMigration(transaction);
      try {
        const executed = new Set((await storage.getExecutedMigrations()).map((row) => row.name));
        const recorded = wanted.filter((name) => !executed.has(name));
        const unrecorded = known.filter((name) => executed.has(name) && !wanted.includes(name)).reverse();
        for (const name of recorded) await storage.logMigration({ name, context: null });
        for (const name of unrecorded) await storage.unlogMigration({ name, context: null });
        return { recorded, unrecorded };
      } finally {
        if (transaction !== undefined) storage.unsetMasterMigration();
      }
    });
  }

  /** Reverts the last applied migration; returns its name, or null when none was applied. */
  async downgrade(): Promise<string | null> {
    const reverted = await this.locked((transaction) => this.orm.migrator.down(transaction === undefined ? undefined : { transaction }));
    return reverted[0]?.name ?? null;
  }

  async status(): Promise<MigrationStatus> {
    const executed = await this.orm.migrator.getExecutedMigrations();
    const pending = await this.orm.migrator.getPendingMigrations();
    return { executed: executed.map((row) => row.name), pending: pending.map((migration) => migration.name) };
  }

  /** Applied migrations with the time each ran, oldest first. */
  async history(): Promise<MigrationHistoryEntry[]> {
    const executed = await this.orm.migrator.getExecutedMigrations();
    return executed.map((row) => ({ name: row.name, executedAt: new Date(row.executed_at) }));
  }

  /** Closes the database the migrator opened (and releases PGlite's data directory). */
  close(): Promise<void> {
    return this.opened.close();
  }

  /** The applied migrations' names as `transaction` sees them (the migrations table must exist). */
  private async executedIn(transaction: Transaction | undefined): Promise<string[]> {
    const storage = this.orm.migrator.getStorage() as MigrationStorage;
    if (transaction !== undefined) storage.setMasterMigration(transaction);
    try {
      return (await storage.getExecutedMigrations()).map((row) => row.name);
    } finally {
      if (transaction !== undefined) storage.unsetMasterMigration();
    }
  }

  /**
   * Runs `run` under the migration lock, after re-recording a database made by the pre-baseline
   * migrations as at the baseline (in the same transaction on PostgreSQL; see pre-baseline-adoption.ts).
   */
  private async locked<A>(run: (transaction: Transaction | undefined) => Promise<A>): Promise<A> {
    const baseline = MIGRATIONS[0]!.name;
    if (this.opened.config.kind !== 'postgres') {
      await adoptPreBaselineDatabase(this.orm, baseline, undefined);
      return run(undefined);
    }
    const connection = this.orm.em.getConnection() as AbstractSqlConnection;
    return connection.transactional(async (transaction) => {
      await connection.getKnex().raw('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]).transacting(transaction as Knex.Transaction);
      await adoptPreBaselineDatabase(this.orm, baseline, transaction);
      return run(transaction);
    });
  }
}

/**
 * A migrator on its own connections, for start-up and the CLI; `close` it when done. On PostgreSQL
 * it needs two: one holds the advisory lock's transaction while MikroORM's migrator uses another.
 */
export const openMikroOrmMigrator = async (config: DatabaseConfig): Promise<MikroOrmMigrator> =>
  new MikroOrmMigrator(await openMikroOrm(config.kind === 'postgres' ? { ...config, poolSize: Math.max(2, config.poolSize ?? 2) } : config));
