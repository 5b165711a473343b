import { JobDependencySchema } from './job-dependencies.table.js';
import { JobSchema } from './jobs.table.js';
import { ProjectSchema } from './projects.table.js';
import { TaskSchema } from './tasks.table.js';
import { WorkerSchema } from './workers.table.js';

export const ENTITY_SCHEMAS = [ProjectSchema, TaskSchema, JobSchema, JobDependencySchema, WorkerSchema];
