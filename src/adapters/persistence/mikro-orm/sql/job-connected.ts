import { toNumber } from '../sql-values.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * The jobs linked to job :id through dependencies either way (its batch, in practice), itself
 * first, then as a breadth-first walk finds them, at most :limit: the walk stops once the limit is
 * read, so a huge component costs the limit, not its size. UNION keeps each job once, which also
 * ends the walk. No transition.
 */
const CONNECTED = `
  WITH RECURSIVE walk(id) AS (
    SELECT j.id FROM jobs j WHERE j.id = :id
    UNION
    SELECT CASE WHEN d.job_id = w.id THEN d.depends_on_id ELSE d.job_id END
    FROM walk w JOIN job_dependencies d ON d.job_id = w.id OR d.depends_on_id = w.id
  )
  SELECT id FROM walk LIMIT :limit`;

export const connectedJobIds = async (sql: TransactionSql, id: number, limit: number): Promise<number[]> =>
  (await sql.rows<{ id: unknown }>(CONNECTED, { id, limit })).map((row) => toNumber(row.id));
