/**
 * Reads the exact text of values inside a JSON answer. JSON.parse would turn `1.0` into `1` and
 * round big integers; the API returns parameters exactly as stored, and so must the page.
 */

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\n' || c === '\r' || c === '\t';
const skipSpaces = (text: string, at: number): number => {
  while (isSpace(text[at])) at++;
  return at;
};

/** `at` is on the opening quote; returns the index past the closing one. */
const skipString = (text: string, at: number): number => {
  let i = at + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
};

/** The index just past the value that starts at `at` (spaces before it skipped). */
const skipValue = (text: string, at: number): number => {
  let i = skipSpaces(text, at);
  const first = text[i];
  if (first === '"') return skipString(text, i);
  if (first === '{' || first === '[') {
    let depth = 0;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '"') i = skipString(text, i) - 1;
      else if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && --depth === 0) return i + 1;
    }
    throw new Error('unterminated JSON value');
  }
  while (i < text.length && !isSpace(text[i]) && text[i] !== ',' && text[i] !== '}' && text[i] !== ']') i++;
  return i;
};

/** The raw text of each member of the object starting at `at`. */
const objectMembers = (text: string, at: number): Map<string, string> => {
  const members = new Map<string, string>();
  let i = skipSpaces(text, at) + 1;
  for (;;) {
    i = skipSpaces(text, i);
    if (text[i] === '}' || i >= text.length) return members;
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    const valueStart = skipSpaces(text, skipSpaces(text, keyEnd) + 1);
    const valueEnd = skipValue(text, valueStart);
    members.set(key, text.slice(valueStart, valueEnd));
    i = skipSpaces(text, valueEnd);
    if (text[i] === ',') i++;
  }
};

/** The raw text of a member of a top-level JSON object, e.g. a job's `parameters`. */
export const rawMember = (objectText: string, key: string): string | undefined => objectMembers(objectText, 0).get(key);

/** The raw text of one member of every object of a top-level JSON array (a page of jobs). */
export const rawMemberOfEach = (arrayText: string, key: string): (string | undefined)[] => {
  const values: (string | undefined)[] = [];
  let i = skipSpaces(arrayText, 0) + 1;
  for (;;) {
    i = skipSpaces(arrayText, i);
    if (arrayText[i] === ']' || i >= arrayText.length) return values;
    const end = skipValue(arrayText, i);
    values.push(objectMembers(arrayText, i).get(key));
    i = skipSpaces(arrayText, end);
    if (arrayText[i] === ',') i++;
  }
};
