import type { Job } from '../../../domain/job.js';
import { effectiveRetention, KEEP_FOREVER, type Retention } from '../../../domain/retention.js';
import type { MemoryTables } from './memory-tables.js';

/** The retention a job lives under: its task's, else its project's. */
export const retentionOfJob = (tables: MemoryTables, job: Pick<Job, 'projectId' | 'taskId'>): Retention =>
  effectiveRetention(tables.projects.get(job.projectId)?.retention ?? KEEP_FOREVER, tables.tasks.get(job.taskId)?.retention ?? null);
