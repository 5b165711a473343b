import type { Project } from '../../../domain/project.js';
import { formatRetention } from '../../../domain/retention.js';
import type { ProjectAnswer } from '../answers/projects.answers.js';
import { iso } from './timestamps.js';

export const presentProject = (project: Project): ProjectAnswer => ({
  id: project.id,
  name: project.name,
  description: project.description,
  status: project.status,
  retention: formatRetention(project.retention),
  created_at: iso(project.createdAt),
  updated_at: iso(project.updatedAt),
});
