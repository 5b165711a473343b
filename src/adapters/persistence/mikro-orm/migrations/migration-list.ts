import type { MigrationObject } from '@mikro-orm/core';
import { InitialSchemaMigration } from './initial-schema.migration.js';
import { JobCountsMigration } from './job-counts.migration.js';
import { LinearJobCountsMigration } from './linear-job-counts.migration.js';
import { StatusHistoryMigration } from './status-history.migration.js';
import { StatusHistoryInStatementsMigration } from './status-history-in-statements.migration.js';
import { JobParentsByStatementMigration } from './job-parents-by-statement.migration.js';
import { StatusHistoryAsTextMigration } from './status-history-as-text.migration.js';
import { JobCountsInStatementsMigration } from './job-counts-in-statements.migration.js';

/** Every migration, oldest first; names are stored in mikro_orm_migrations and must never change. */
export const MIGRATIONS: MigrationObject[] = [
  { name: '20261126000000_initial_schema', class: InitialSchemaMigration },
  { name: '20261126200000_job_counts', class: JobCountsMigration },
  { name: '20261127000000_linear_job_counts', class: LinearJobCountsMigration },
  { name: '20261128000000_status_history', class: StatusHistoryMigration },
  { name: '20261129000000_status_history_in_statements', class: StatusHistoryInStatementsMigration },
  { name: '20261129100000_job_parents_by_statement', class: JobParentsByStatementMigration },
  { name: '20261130000000_status_history_as_text', class: StatusHistoryAsTextMigration },
  { name: '20261130100000_job_counts_in_statements', class: JobCountsInStatementsMigration },
];
