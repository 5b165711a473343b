/**
 * Raw SQL results differ by driver: pg returns bigint and timestamptz as text (MikroORM sets it up
 * so), PGlite returns numbers and Dates. These read either.
 */
export const toNumber = (value: unknown): number => (typeof value === 'number' ? value : Number(value));

export const toNullableNumber = (value: unknown): number | null => (value === null || value === undefined ? null : toNumber(value));

export const toDate = (value: unknown): Date => (value instanceof Date ? value : new Date(value as string));

export const toNullableDate = (value: unknown): Date | null => (value === null || value === undefined ? null : toDate(value));

/** A PostgreSQL array literal of integers, bound as one text parameter (TransactionSql refuses JS arrays). */
export const intArray = (values: readonly number[]): string => `{${values.map((value) => Math.trunc(value)).join(',')}}`;

/** Equal as parameters: the same value, or Dates of the same instant. */
export const sameValue = (a: unknown, b: unknown): boolean => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

const NEEDS_ESCAPE = /[\\"]/;
const ESCAPED = /[\\"]/g;

/** Numbers and booleans go bare; text is quoted, with `\` and `"` escaped only when present. */
const arrayElement = (value: unknown): string => {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `"${String(value)}"`;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return NEEDS_ESCAPE.test(text) ? `"${text.replace(ESCAPED, (character) => `\\${character}`)}"` : `"${text}"`;
};

/**
 * A PostgreSQL array literal of any element type (cast it in the SQL: `:names::text[]`), bound as one
 * text parameter: text and dates quoted and escaped, so any text (commas, quotes, braces,
 * backslashes, newlines) arrives as it was; null and undefined are NULL. A batch's columns
 * repeat their values (one `now` for every row, one worker), so an element equal to the one
 * before it reuses its encoding.
 */
export const asArrayParameter = (values: readonly unknown[]): string => {
  // arrayElement(undefined): a first element equal to `previous` reuses it.
  let previous: unknown = undefined;
  let encoded = 'NULL';
  const elements = values.map((value) => {
    if (!sameValue(value, previous)) encoded = arrayElement(value);
    previous = value;
    return encoded;
  });
  return `{${elements.join(',')}}`;
};
