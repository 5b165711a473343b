/** A path pattern: object keys, array indices, or `ANY_INDEX` for every element of an array. */
export const ANY_INDEX = -1;
export type PathPattern = readonly (string | number)[];

/** Where one value sits in the text, and whether its text is already the compact form `compactText` makes. */
export interface ValueSpan {
  readonly start: number;
  readonly end: number;
  /** No whitespace between tokens, no duplicate key, every string spelled as JSON.stringify spells it. */
  readonly compact: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

const isWhitespace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

/**
 * The spans of the values at every concrete path matching `pattern`, keyed by the path joined with
 * `/`, found in one pass without building a tree: containers off the pattern are skipped. `text`
 * must be valid JSON (check it with JSON.parse first): the scanner does not validate.
 */
export const valueSpans = (text: string, pattern: PathPattern): Map<string, ValueSpan> => {
  const found = new Map<string, ValueSpan>();
  let at = 0;
  // Set while scanning a wanted value: what makes its text differ from the compact form.
  let loose = false;

  const skipWhitespace = (): void => {
    const from = at;
    while (at < text.length && isWhitespace(text.charCodeAt(at))) at++;
    if (at !== from) loose = true;
  };

  /** Past a string token, fast: `indexOf` to each quote, counting the backslashes before it. */
  const passString = (): void => {
    let quote = at;
    for (;;) {
      quote = text.indexOf('"', quote + 1);
      let backslashes = 0;
      while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) break;
    }
    at = quote + 1;
  };

  /**
   * Past a string token inside a wanted value (or a key, which it returns): marks an escape or a
   * lone surrogate that JSON.stringify would not write as it stands.
   */
  const readString = (): string => {
    const start = at;
    passString();
    const token = text.slice(start, at);
    // Escapes, and surrogates (which JSON.stringify writes raw in pairs, escaped when lone), need a closer look.
    if (/[\\\ud800-\udfff]/.test(token)) {
      const value = JSON.parse(token) as string;
      if (JSON.stringify(value) !== token) loose = true;
      return value;
    }
    return token.slice(1, -1);
  };

  /** Past one value; `careful` inside a wanted value, where what makes its text loose is noted. */
  const skipValue = (careful: boolean): void => {
    const code = text.charCodeAt(at);
    if (code === QUOTE) {
      if (careful) readString();
      else passString();
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      const isObject = code === OPEN_OBJECT;
      const close = isObject ? CLOSE_OBJECT : CLOSE_ARRAY;
      at++;
      let keys: Set<string> | null = null;
      let first: string | null = null;
      skipWhitespace();
      if (text.charCodeAt(at) === close) {
        at++;
        return;
      }
      for (;;) {
        skipWhitespace();
        if (isObject) {
          if (careful) {
            const key = readString();
            // A later duplicate replaces the earlier value in place in the compact form.
            if (first === null) first = key;
            else {
              keys ??= new Set([first]);
              if (keys.has(key)) loose = true;
              keys.add(key);
            }
          } else passString();
          skipWhitespace();
          at++; // the colon
          skipWhitespace();
        }
        skipValue(careful);
        skipWhitespace();
        if (text.charCodeAt(at++) === close) return;
      }
    } else {
      // A number, true, false or null: up to the next delimiter.
      while (at < text.length) {
        const next = text.charCodeAt(at);
        if (next === COMMA || next === CLOSE_OBJECT || next === CLOSE_ARRAY || isWhitespace(next)) break;
        at++;
      }
    }
  };

  /** Past a key; whether it is `wanted` (compared in place: most keys are not, and need no copy). */
  const keyMatches = (wanted: string): boolean => {
    const start = at;
    passString();
    for (let index = start + 1; index < at - 1; index++) {
      if (text.charCodeAt(index) === BACKSLASH) return (JSON.parse(text.slice(start, at)) as string) === wanted;
    }
    return at - start - 2 === wanted.length && text.startsWith(wanted, start + 1);
  };

  const forgetUnder = (prefix: string): void => {
    for (const key of found.keys()) if (key === prefix || key.startsWith(`${prefix}/`)) found.delete(key);
  };

  const matches = (segment: string | number, wanted: string | number): boolean => wanted === segment || (wanted === ANY_INDEX && typeof segment === 'number');

  /** Scans the value at `at` sitting at `path`, descending only where the pattern leads. */
  const visit = (path: (string | number)[]): void => {
    if (path.length === pattern.length) {
      const start = at;
      loose = false;
      skipValue(true);
      found.set(path.join('/'), { start, end: at, compact: !loose });
      return;
    }
    const wanted = pattern[path.length]!;
    const code = text.charCodeAt(at);
    const isObject = code === OPEN_OBJECT;
    if ((!isObject && code !== OPEN_ARRAY) || (isObject && typeof wanted !== 'string') || (!isObject && typeof wanted !== 'number')) {
      skipValue(false);
      return;
    }
    const close = isObject ? CLOSE_OBJECT : CLOSE_ARRAY;
    at++;
    skipWhitespace();
    if (text.charCodeAt(at) === close) {
      at++;
      return;
    }
    // Only one key of an object can match the pattern: a second match is a duplicate of it.
    let matchedBefore = false;
    for (let index = 0; ; index++) {
      skipWhitespace();
      let segment: string | number = index;
      if (isObject) {
        segment = keyMatches(wanted as string) ? wanted : '';
        skipWhitespace();
        at++; // colon
        skipWhitespace();
      }
      if (matches(segment, wanted)) {
        const next = [...path, segment];
        // A later duplicate key replaces the earlier value, and whatever was found inside it.
        if (isObject && matchedBefore) forgetUnder(next.join('/'));
        matchedBefore = true;
        visit(next);
      } else skipValue(false);
      skipWhitespace();
      if (text.charCodeAt(at++) === close) return;
    }
  };

  skipWhitespace();
  visit([]);
  return found;
};
