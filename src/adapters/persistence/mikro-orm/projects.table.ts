import { BigIntType, EntitySchema } from '@mikro-orm/core';
import { type NewProject, PROJECT_STATUSES, type Project, type ProjectStatus } from '../../../domain/project.js';
import { aliasedSelectList } from './column-map.js';
import { RETENTION_KINDS, retentionFromColumns, retentionToColumns } from './retention-columns.js';
import { toDate, toNullableNumber, toNumber } from './sql-values.js';

/** The `projects` table in one place: its record, columns, MikroORM's schema, and the mappings between rows and domain projects. */

/** A row of `projects`, as MikroORM maps it (its schema below). */
export interface ProjectRecord {
  id: number;
  name: string;
  description: string;
  status: string;
  retention: string;
  retentionSeconds: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ProjectSchema = new EntitySchema<ProjectRecord>({
  name: 'ProjectRecord',
  tableName: 'projects',
  checks: [{ name: 'projects_retention_seconds_check', expression: "(retention = 'keep_for') = coalesce(retention_seconds > 0, false)" }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true, generated: 'by default as identity', fieldName: 'id' },
    name: { type: 'text', unique: 'projects_name_unique', fieldName: 'name' },
    description: { type: 'text', fieldName: 'description' },
    status: { enum: true, items: () => [...PROJECT_STATUSES], fieldName: 'status' },
    retention: { enum: true, items: () => [...RETENTION_KINDS], default: 'keep', fieldName: 'retention' },
    retentionSeconds: { type: new BigIntType('number'), nullable: true, fieldName: 'retention_seconds' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'updated_at' },
  },
});

/** Record property -> column of `projects`, for the hand-written SQL of the project store. */
export const PROJECT_COLUMNS = {
  id: 'id',
  name: 'name',
  description: 'description',
  status: 'status',
  retention: 'retention',
  retentionSeconds: 'retention_seconds',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const satisfies Record<keyof ProjectRecord, string>;

/** The select list of a project, aliased to record properties. */
export const PROJECT_SELECT = aliasedSelectList(PROJECT_COLUMNS);

/** What `PROJECT_SELECT` yields for one project. */
export type ProjectRow = { readonly [property in keyof ProjectRecord]: unknown };

export const projectRecordFromRow = (row: ProjectRow): ProjectRecord => ({
  id: toNumber(row.id),
  name: row.name as string,
  description: row.description as string,
  status: row.status as string,
  retention: row.retention as string,
  retentionSeconds: toNullableNumber(row.retentionSeconds),
  createdAt: toDate(row.createdAt),
  updatedAt: toDate(row.updatedAt),
});

export const projectToDomain = (record: ProjectRecord): Project => ({
  id: record.id,
  name: record.name,
  description: record.description,
  status: record.status as ProjectStatus,
  retention: retentionFromColumns(record.retention, record.retentionSeconds)!,
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
});

export const projectToRecord = (project: NewProject): Omit<ProjectRecord, 'id'> => ({
  name: project.name,
  description: project.description,
  status: project.status,
  ...(retentionToColumns(project.retention) as { retention: string; retentionSeconds: number | null }),
  createdAt: project.createdAt,
  updatedAt: project.updatedAt,
});
