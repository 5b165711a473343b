const converted = new Map<string, string>();
const MAX_CACHED = 1_000;

/**
 * `?` placeholders as PostgreSQL's `$1, $2, …`, outside quoted literals and identifiers. The
 * statements are templates, so each text is converted once.
 */
export const positionalParameters = (sql: string): string => {
  const cached = converted.get(sql);
  if (cached !== undefined) return cached;
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
  if (converted.size >= MAX_CACHED) converted.clear();
  converted.set(sql, result);
  return result;
};
