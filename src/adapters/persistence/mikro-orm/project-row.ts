import { aliasedSelectList, writableProperties } from './column-map.js';
import type { ProjectRecord } from './project.record.js';
import { toDate, toNumber } from './sql-values.js';

/** Record property -> column of `projects`, for the hand-written SQL of the project store. */
export const PROJECT_COLUMNS = {
  id: 'id',
  name: 'name',
  description: 'description',
  status: 'status',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const satisfies Record<keyof ProjectRecord, string>;

/** Every column but the id, in a fixed order: what an insert or a full update writes. */
export const PROJECT_WRITABLE_PROPERTIES = writableProperties<ProjectRecord>(PROJECT_COLUMNS);

/** The select list of a project, aliased to record properties. */
export const PROJECT_SELECT = aliasedSelectList(PROJECT_COLUMNS);

/** What `PROJECT_SELECT` yields for one project. */
export type ProjectRow = { readonly [property in keyof ProjectRecord]: unknown };

export const projectRecordFromRow = (row: ProjectRow): ProjectRecord => ({
  id: toNumber(row.id),
  name: row.name as string,
  description: row.description as string,
  status: row.status as string,
  createdAt: toDate(row.createdAt),
  updatedAt: toDate(row.updatedAt),
});
