import { EntitySchema } from '@mikro-orm/core';
import { PROJECT_STATUSES } from '../../../domain/project.js';
import type { ProjectRecord } from './project.record.js';

export const ProjectSchema = new EntitySchema<ProjectRecord>({
  name: 'ProjectRecord',
  tableName: 'projects',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true, generated: 'by default as identity', fieldName: 'id' },
    name: { type: 'text', unique: 'projects_name_unique', fieldName: 'name' },
    description: { type: 'text', fieldName: 'description' },
    status: { enum: true, items: () => [...PROJECT_STATUSES], fieldName: 'status' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'updated_at' },
  },
});
