import type { NamedJob } from '../../../../application/ports/job-store.port.js';
import { asArrayParameter, toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/** The project's jobs named one of :names (to resolve `depends` given by name), ascending. No transition. */
const NAMED = `SELECT j.id, j.name FROM jobs j WHERE j.project_id = :projectId AND j.name = ANY(:names::text[]) ORDER BY j.id`;

export const namedJobs = async (sql: TransactionSql, projectId: number, names: readonly string[]): Promise<NamedJob[]> => {
  if (names.length === 0) return [];
  const rows = await sql.rows<{ id: unknown; name: string }>(NAMED, { projectId, names: asArrayParameter(names) });
  return rows.map((row) => ({ id: toNumber(row.id), name: row.name }));
};
