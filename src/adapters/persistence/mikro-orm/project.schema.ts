import { EntitySchema } from '@mikro-orm/core';
import type { ProjectRecord } from './project.record.js';

export const ProjectSchema = new EntitySchema<ProjectRecord>({
  name: 'ProjectRecord',
  tableName: 'projects',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true, fieldName: 'id' },
    name: { type: 'text', unique: 'projects_name_unique', fieldName: 'name' },
    description: { type: 'text', fieldName: 'description' },
    status: { type: 'string', length: 16, fieldName: 'status' },
    createdAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'created_at' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz', fieldName: 'updated_at' },
  },
});
