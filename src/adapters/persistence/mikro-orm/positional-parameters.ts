/** A statement ready for the driver: `$n` placeholders, and a name unique to its text. */
export interface PositionalStatement {
  readonly text: string;
  readonly name: string;
}

const statements = new Map<string, PositionalStatement>();
/** Statements are templates (values are always bound), so their texts are few. */
const MAX_STATEMENTS = 2_000;
let named = 0;

const convert = (sql: string): string => {
  let result = '';
  let position = 0;
  let quote: string | null = null;
  for (const character of sql) {
    if (quote !== null) {
      if (character === quote) quote = null;
      result += character;
    } else if (character === "'" || character === '"') {
      quote = character;
      result += character;
    } else if (character === '?') {
      result += `$${++position}`;
    } else {
      result += character;
    }
  }
  return result;
};

/**
 * `?` placeholders as PostgreSQL's `$1, $2, …` (outside quoted literals and identifiers), and a
 * name for the prepared statement. Each text is converted once; past MAX_STATEMENTS texts the
 * cache starts over, with new names, so that a name never stands for two texts.
 */
export const positionalStatement = (sql: string): PositionalStatement => {
  const cached = statements.get(sql);
  if (cached !== undefined) return cached;
  if (statements.size >= MAX_STATEMENTS) statements.clear();
  const statement = { text: convert(sql), name: `whatsnext_${++named}` };
  statements.set(sql, statement);
  return statement;
};
