import type { MigrationObject } from '@mikro-orm/core';
import { BaselineMigration } from './0001-baseline.migration.js';
import { StatementFunctionsMigration } from './0002-statement-functions.migration.js';
import { JobCountsByTaskMigration } from './0003-job-counts-by-task.migration.js';
import { TaskDependencyCountsMigration } from './0004-task-dependency-counts.migration.js';
import { RetentionMigration } from './0005-retention.migration.js';
import { RunTimelineMigration } from './0006-run-timeline.migration.js';

/**
 * Every migration, oldest first; names are stored in mikro_orm_migrations and must never change.
 *
 * Migrations are frozen once released: a released migration is never edited, reordered or removed,
 * since databases out there recorded it as run. A schema change is a new numbered migration
 * (`0002-what-it-does.migration.ts`, named `0002_what_it_does`, with a `down` that undoes it)
 * appended here. 0001_baseline is the schema of the first release, squashed from the pre-release
 * migrations (databases they made are adopted: see pre-baseline-adoption.ts).
 */
export const MIGRATIONS: MigrationObject[] = [
  { name: '0001_baseline', class: BaselineMigration },
  { name: '0002_statement_functions', class: StatementFunctionsMigration },
  { name: '0003_job_counts_by_task', class: JobCountsByTaskMigration },
  { name: '0004_task_dependency_counts', class: TaskDependencyCountsMigration },
  { name: '0005_retention', class: RetentionMigration },
  { name: '0006_run_timeline', class: RunTimelineMigration },
];
