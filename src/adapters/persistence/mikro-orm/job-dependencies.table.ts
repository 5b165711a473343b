import { EntitySchema } from '@mikro-orm/core';

/** The `job_dependencies` table: one edge per row, a job and a job it depends on. */

/** A row of `job_dependencies`: `jobId` waits for `dependsOnId`. */
export interface JobDependencyRecord {
  jobId: number;
  dependsOnId: number;
}

/** The DAG's edges; the index on depends_on_id serves "who waits for this job". */
export const JobDependencySchema = new EntitySchema<JobDependencyRecord>({
  name: 'JobDependencyRecord',
  tableName: 'job_dependencies',
  indexes: [{ name: 'job_dependencies_depends_on_id_index', properties: ['dependsOnId'] }],
  properties: {
    jobId: { kind: 'm:1', entity: 'JobRecord', mapToPk: true, primary: true, deleteRule: 'cascade', updateRule: 'no action', fieldName: 'job_id' },
    dependsOnId: { kind: 'm:1', entity: 'JobRecord', mapToPk: true, primary: true, deleteRule: 'cascade', updateRule: 'no action', fieldName: 'depends_on_id' },
  },
});
