import { JobDependencySchema } from './job-dependency.schema.js';
import { JobSchema } from './job.schema.js';
import { ProjectSchema } from './project.schema.js';
import { TaskSchema } from './task.schema.js';
import { WorkerSchema } from './worker.schema.js';

export const ENTITY_SCHEMAS = [ProjectSchema, TaskSchema, JobSchema, JobDependencySchema, WorkerSchema];
