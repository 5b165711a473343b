import type { SqlParameters } from '../named-parameters.js';
import { JOB_COLUMN_TYPES, JOB_COLUMNS, JOB_WRITABLE_PROPERTIES, type JobRecord } from '../jobs.table.js';
import { asArrayParameter, intArray, sameValue } from '../sql-values.js';

type NewJobRecord = Omit<JobRecord, 'id'>;

/** The name varies from job to job; as an array it also gives `unnest` something to walk when all else is shared. */
const ALWAYS_ARRAY = 'name';

/** Tasks a write relies on without having read them, with the row versions it expects. */
export interface TaskVersions {
  readonly ids: readonly number[];
  readonly versions: readonly string[];
}

/**
 * Refuses the whole insert (no row) unless every task still has its expected version: checked in
 * the insert's own statement, so nothing can change between the check and the write.
 */
const TASKS_UNCHANGED = `NOT EXISTS (
        SELECT 1 FROM unnest(:assumedTaskIds::int[], :assumedTaskVersions::text[]) AS expected(id, version)
        WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = expected.id AND t.xmin::text = expected.version))`;

/**
 * New jobs as the domain made them (`newJob`), in one multi-row INSERT of `records` in their
 * order, returning the ids (none when an `assumed` task changed, see TASKS_UNCHANGED). The one
 * statement whose text is built, not written: each column travels as one array (no JSON to build
 * or parse), except a column whose value every record shares (the project, the status, the
 * creation time, the empty lease…), which travels once as a plain parameter. A batch mostly shares
 * them, and PostgreSQL parsing the arrays cost a quarter of the insert. Each parameter is named
 * after its record property, a value or an array as the text says.
 */
export const jobInsertStatement = (records: readonly NewJobRecord[], assumed: TaskVersions | null = null): { sql: string; params: SqlParameters } => {
  const params: Record<string, unknown> = {};
  const columns: string[] = [];
  const selectList: string[] = [];
  const arrays: string[] = [];
  const batchColumns: string[] = [];
  for (const property of JOB_WRITABLE_PROPERTIES) {
    const column = JOB_COLUMNS[property];
    const type = JOB_COLUMN_TYPES[column];
    const first = records[0]?.[property];
    columns.push(column);
    if (column !== ALWAYS_ARRAY && records.every((record) => sameValue(record[property], first))) {
      selectList.push(`:${property}::${type}`);
      params[property] = first;
    } else {
      selectList.push(`batch.${column}`);
      batchColumns.push(column);
      arrays.push(`:${property}::${type}[]`);
      params[property] = asArrayParameter(records.map((record) => record[property]));
    }
  }
  if (assumed !== null) {
    params['assumedTaskIds'] = intArray(assumed.ids);
    params['assumedTaskVersions'] = asArrayParameter(assumed.versions);
  }
  return {
    sql: `INSERT INTO jobs (${columns.join(', ')})
      SELECT ${selectList.join(', ')}
      FROM unnest(${arrays.join(', ')}) WITH ORDINALITY AS batch(${batchColumns.join(', ')}, ordinality)
      ${assumed === null ? '' : `WHERE ${TASKS_UNCHANGED}`}
      ORDER BY batch.ordinality
      RETURNING id`,
    params,
  };
};
