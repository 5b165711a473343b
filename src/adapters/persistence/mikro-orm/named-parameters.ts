/** A statement ready for the driver: `$n` placeholders, the parameter each stands for, and a name unique to its text. */
export interface PreparedStatement {
  readonly text: string;
  readonly parameters: readonly string[];
  readonly name: string;
}

/** The values of a statement's named parameters (`:name` in its text), by name: any object, records included. */
export type SqlParameters = object;

const statements = new Map<string, PreparedStatement>();
/** Statement texts are few (values are always bound); past this many the cache starts over, with new names. */
const MAX_STATEMENTS = 2_000;
let named = 0;

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;

/**
 * `:name` placeholders as PostgreSQL's `$1, $2, …`, a name appearing twice standing for one
 * `$n`. Quoted literals and identifiers are left alone, and so is a cast (`::int[]`: a colon
 * after a colon starts no name).
 */
const convert = (sql: string): { text: string; parameters: string[] } => {
  const parameters: string[] = [];
  let text = '';
  let quote: string | null = null;
  for (let index = 0; index < sql.length; index++) {
    const character = sql[index]!;
    if (quote !== null) {
      if (character === quote) quote = null;
      text += character;
    } else if (character === "'" || character === '"') {
      quote = character;
      text += character;
    } else if (character === ':' && sql[index - 1] !== ':' && IDENTIFIER_START.test(sql[index + 1] ?? '')) {
      let end = index + 1;
      while (end < sql.length && IDENTIFIER_PART.test(sql[end]!)) end++;
      const name = sql.slice(index + 1, end);
      const position = parameters.includes(name) ? parameters.indexOf(name) : parameters.push(name) - 1;
      text += `$${position + 1}`;
      index = end - 1;
    } else {
      text += character;
    }
  }
  return { text, parameters };
};

/** The driver's form of `sql`, converted once per text; the prepared-statement name never stands for two texts. */
export const prepareStatement = (sql: string): PreparedStatement => {
  const cached = statements.get(sql);
  if (cached !== undefined) return cached;
  if (statements.size >= MAX_STATEMENTS) statements.clear();
  const statement = { ...convert(sql), name: `whatsnext_${++named}` };
  statements.set(sql, statement);
  return statement;
};

/**
 * The values in placeholder order. A name without a value, a value that no placeholder names, and
 * a JS array (one driver takes it for a PostgreSQL array, the other refuses it: bind `asArrayParameter`)
 * are mistakes in the statement's code, refused before anything is sent.
 */
export const bindParameters = (statement: PreparedStatement, sql: string, given: SqlParameters): unknown[] => {
  const values = given as Readonly<Record<string, unknown>>;
  for (const name of Object.keys(values)) {
    if (!statement.parameters.includes(name)) throw new Error(`SQL parameter :${name} is given but the statement has no such placeholder: ${sql}`);
  }
  return statement.parameters.map((name) => {
    const value = values[name];
    if (value === undefined || Array.isArray(value)) throw new Error(`SQL parameter :${name} is ${value === undefined ? 'missing' : 'an array'}: ${sql}`);
    return value;
  });
};
