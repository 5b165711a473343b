import { intArray } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/** New edges of the DAG: each job of :jobIds waits for the job at the same place in :dependsOnIds. No transition. */
const INSERT_DEPENDENCIES = `INSERT INTO job_dependencies (job_id, depends_on_id) SELECT * FROM unnest(:jobIds::int[], :dependsOnIds::int[])`;

export const insertDependencies = async (sql: TransactionSql, jobIds: readonly number[], dependencies: readonly (readonly number[])[]): Promise<void> => {
  const from: number[] = [];
  const to: number[] = [];
  jobIds.forEach((jobId, index) => {
    for (const dependsOn of dependencies[index]!) {
      from.push(jobId);
      to.push(dependsOn);
    }
  });
  if (from.length === 0) return;
  await sql.run(INSERT_DEPENDENCIES, { jobIds: intArray(from), dependsOnIds: intArray(to) });
};
