import { JOB_COLUMN_TYPES, JOB_COLUMNS, JOB_WRITABLE_COLUMNS, JOB_WRITABLE_PROPERTIES, type JobRecord } from './jobs.table.js';
import { asArrayParameter, intArray, sameValue } from './sql-values.js';

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
        SELECT 1 FROM unnest(?::int[], ?::text[]) AS expected(id, version)
        WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = expected.id AND t.xmin::text = expected.version))`;

/**
 * One multi-row INSERT of `records`, in their order, returning the ids (none when an `assumed`
 * task changed, see TASKS_UNCHANGED): each column travels as one array (no JSON to build or
 * parse), except a column whose value every record shares (the project, the status, the creation
 * time, the empty lease…), which travels once as a plain parameter. A batch mostly shares them,
 * and PostgreSQL parsing the arrays cost a quarter of the insert.
 */
export const jobInsertStatement = (records: readonly NewJobRecord[], assumed: TaskVersions | null = null): { sql: string; params: unknown[] } => {
  const shared = new Map<string, unknown>();
  const arrays: string[] = [];
  const arrayParams: string[] = [];
  for (const property of JOB_WRITABLE_PROPERTIES) {
    const column = JOB_COLUMNS[property];
    const first = records[0]?.[property];
    if (column !== ALWAYS_ARRAY && records.every((record) => sameValue(record[property], first))) {
      shared.set(column, first);
    } else {
      arrays.push(column);
      arrayParams.push(asArrayParameter(records.map((record) => record[property])));
    }
  }
  const selectList = JOB_WRITABLE_COLUMNS.map((column) => (shared.has(column) ? `?::${JOB_COLUMN_TYPES[column]}` : `batch.${column}`));
  return {
    sql: `INSERT INTO jobs (${JOB_WRITABLE_COLUMNS.join(', ')})
      SELECT ${selectList.join(', ')}
      FROM unnest(${arrays.map((column) => `?::${JOB_COLUMN_TYPES[column as keyof typeof JOB_COLUMN_TYPES]}[]`).join(', ')})
        WITH ORDINALITY AS batch(${arrays.join(', ')}, ordinality)
      ${assumed === null ? '' : `WHERE ${TASKS_UNCHANGED}`}
      ORDER BY batch.ordinality
      RETURNING id`,
    // Placeholders in text order: the shared values in the select list, then the arrays.
    params: [
      ...JOB_WRITABLE_COLUMNS.filter((column) => shared.has(column)).map((column) => shared.get(column)),
      ...arrayParams,
      ...(assumed === null ? [] : [intArray(assumed.ids), asArrayParameter(assumed.versions)]),
    ],
  };
};
