/** A record's properties mapped to their columns: where a table and its hand-written SQL agree. */
export type ColumnMap<R> = { readonly [P in keyof R]: string };

/** The select list, each column aliased to its record property (and qualified by `table` when given). */
export const aliasedSelectList = (columns: Readonly<Record<string, string>>, table?: string): string =>
  Object.entries(columns)
    .map(([property, column]) => `${table === undefined ? '' : `${table}.`}${column} AS "${property}"`)
    .join(', ');

/** Every property but the id, in the map's order: what an insert or a full update writes. */
export const writableProperties = <R extends { id: unknown }>(columns: ColumnMap<R>): Exclude<keyof R, 'id'>[] =>
  (Object.keys(columns) as (keyof R)[]).filter((property): property is Exclude<keyof R, 'id'> => property !== 'id');
