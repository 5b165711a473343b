import type { NewProject, Project, ProjectStatus } from '../../../domain/project.js';
import type { ProjectRecord } from './project.record.js';

export const projectToDomain = (record: ProjectRecord): Project => ({
  id: record.id,
  name: record.name,
  description: record.description,
  status: record.status as ProjectStatus,
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
});

export const projectToRecord = (project: NewProject): Omit<ProjectRecord, 'id'> => ({
  name: project.name,
  description: project.description,
  status: project.status,
  createdAt: project.createdAt,
  updatedAt: project.updatedAt,
});
