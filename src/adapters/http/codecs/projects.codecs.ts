import * as t from 'io-ts';
import { PROJECT_STATUSES } from '../../../domain/project.js';
import { PageQuery } from './paging.codecs.js';
import { IdFromString, caseInsensitive } from './primitives.codecs.js';
import { RetentionText } from './retention.codecs.js';

export const ProjectStatusInput = caseInsensitive('ProjectStatus', PROJECT_STATUSES);

export const ProjectIdParams = t.type({ project_id: IdFromString });
export type ProjectIdParams = t.TypeOf<typeof ProjectIdParams>;

export const ProjectNameParams = t.type({ name: t.string });
export type ProjectNameParams = t.TypeOf<typeof ProjectNameParams>;

/** `status_filter`: a status in any case; `all` or empty lists every project; absent means ACTIVE. */
export const ProjectListQuery = t.exact(
  t.intersection([PageQuery, t.partial({ status_filter: t.union([caseInsensitive('ProjectStatusOrAll', [...PROJECT_STATUSES, 'ALL'] as const), t.literal('')]) })]),
);
export type ProjectListQuery = t.TypeOf<typeof ProjectListQuery>;

export const CreateProjectBody = t.exact(
  t.intersection([t.type({ name: t.string }), t.partial({ description: t.string, status: ProjectStatusInput, retention: RetentionText })]),
);
export type CreateProjectBody = t.TypeOf<typeof CreateProjectBody>;

/** The original requires every field; any subset is accepted here. */
export const UpdateProjectBody = t.exact(t.partial({ name: t.string, description: t.string, status: ProjectStatusInput, retention: RetentionText }));
export type UpdateProjectBody = t.TypeOf<typeof UpdateProjectBody>;
