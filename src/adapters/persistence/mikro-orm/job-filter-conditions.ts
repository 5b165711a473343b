import type { JobFilter } from '../../../application/ports/job-store.port.js';

/** A listing's filter as the WHERE clause on jobs aliased `j` (null = any), with its parameters. */
export const filterConditions = (filter: Omit<JobFilter, 'limit' | 'offset'>): { where: string; params: unknown[] } => {
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of [
    ['project_id', filter.projectId],
    ['task_id', filter.taskId],
    ['status', filter.status],
  ] as const) {
    if (value === null) continue;
    conditions.push(`j.${column} = ?`);
    params.push(value);
  }
  return { where: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, params };
};
